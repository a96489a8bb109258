package plugins_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	_ "github.com/evplugin/evplugin/sources/all"
)

// The plugin binaries TestMain builds, once per test binary.
var (
	binDir     string
	testPlugin string // plugins/internal/testplugin
	ghPlugin   string // plugins/examples/github-webhook
)

// testSecret signed the deliveries in testdata/events/github.webhook.
const testSecret = "evplugin-test-secret"

func TestMain(m *testing.M) {
	if path := os.Getenv("EVPLUGIN_TEST_HOST"); path != "" {
		hostAndHang(path)
		return
	}
	os.Exit(run(m))
}

// hostAndHang is a host that opens a plugin, prints its PID and waits to be
// killed (see TestHostKilled).
func hostAndHang(path string) {
	c, err := plugins.Open(path)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println(c.PID())
	time.Sleep(time.Minute)
	os.Exit(1)
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "evplugin-plugins-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binDir = dir
	testPlugin = filepath.Join(dir, "evplugin-testplugin")
	ghPlugin = filepath.Join(dir, "evplugin-github-webhook")
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./internal/testplugin", "./examples/github-webhook")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugins: %v\n%s", err, out)
		return 1
	}
	for from, to := range map[string]string{"testplugin": testPlugin, "github-webhook": ghPlugin} {
		if err := os.Rename(filepath.Join(dir, from), to); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return m.Run()
}

// open opens a plugin and closes it when the test ends.
func open(t testing.TB, path string, opts ...plugins.Option) *plugins.Client {
	t.Helper()
	c, err := plugins.Open(path, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// mode opens the test plugin in a mode.
func mode(m string) plugins.Option { return plugins.WithEnv("EVPLUGIN_TESTPLUGIN_MODE=" + m) }

// builtins returns a registry with every built-in source registry.Default
// holds, and stand-ins for the API Gateway sources while they are not
// written.
func builtins(t testing.TB) *registry.Registry {
	t.Helper()
	reg := registry.New()
	for _, s := range registry.Default.Sources() {
		require.NoError(t, reg.Register(s))
	}
	standIns := []registry.Source{{
		ID: "aws.apigateway.rest", Title: "stand-in",
		Rule:     registry.All(registry.PathExists("resource"), registry.PathExists("httpMethod"), registry.PathExists("requestContext")),
		Priority: sources.PriorityShape,
	}, {
		ID: "aws.apigateway.http", Title: "stand-in",
		Rule:     registry.All(registry.PathEquals("version", "2.0"), registry.PathExists("routeKey"), registry.PathExists("requestContext")),
		Priority: sources.PriorityShape,
	}}
	for _, s := range standIns {
		if _, err := reg.Lookup(s.ID); err == nil {
			continue
		}
		s.New = func() any { return new(map[string]any) }
		require.NoError(t, reg.Register(s))
	}
	return reg
}

func event(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "events", name))
	require.NoError(t, err)
	return b
}

// children returns the processes whose parent is this test, zombies
// included.
func children(t testing.TB) []string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []string
	self := strconv.Itoa(os.Getpid())
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(b[i+1:]))
		if len(fields) > 1 && fields[1] == self {
			out = append(out, string(b[:i+1])+" "+fields[0])
		}
	}
	return out
}

// requireNoChildren fails unless every process this test started is gone
// and reaped (a leaked process, or a zombie, fails it).
func requireNoChildren(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		kids := children(t)
		if len(kids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			require.Empty(t, kids, "plugin processes left behind")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requireGone fails unless the process is gone and reaped.
func requireGone(t testing.TB, pid int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			return
		}
		if time.Now().After(deadline) {
			require.Fail(t, "plugin process still there", "pid %d: kill(0) = %v", pid, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requireGoroutinesSettle fails unless the goroutine count comes back to
// at most base.
func requireGoroutinesSettle(t testing.TB, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			require.Failf(t, "goroutines leaked", "%d goroutines, %d before\n%s", runtime.NumGoroutine(), base, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
