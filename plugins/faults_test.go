package plugins_test

import (
	"bufio"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
)

func TestPluginCrashes(t *testing.T) {
	for _, trigger := range []string{"crash", "exit"} {
		t.Run(trigger, func(t *testing.T) {
			reg := builtins(t)
			c := open(t, testPlugin)
			pid := c.PID()
			require.NoError(t, c.Register(reg))

			_, err := reg.Decode([]byte(`{"test":"echo","trigger":"` + trigger + `"}`))
			t.Log(err)
			require.ErrorIs(t, err, plugins.ErrPluginExited)
			assert.Contains(t, err.Error(), testPlugin, "the error names the plugin")
			if trigger == "crash" {
				assert.Contains(t, err.Error(), "panic: crash requested", "the error says why")
			}
			var de *registry.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "test.echo", de.Source)
			requireGone(t, pid)

			// The host and its built-in sources keep working; the plugin is
			// not restarted.
			requireBuiltinWorks(t, reg)
			_, err = reg.Decode([]byte(`{"test":"echo"}`))
			require.ErrorIs(t, err, plugins.ErrPluginExited)
			assert.Contains(t, err.Error(), "not restarted")
			_, err = c.Decode("test.other", []byte(`{"test":"other"}`))
			require.ErrorIs(t, err, plugins.ErrPluginExited)
			require.NoError(t, c.Close())
			requireNoChildren(t)
		})
	}
}

func TestPanicInDecodeIsRecovered(t *testing.T) {
	c := open(t, testPlugin)
	_, err := c.Decode("test.echo", []byte(`{"test":"echo","trigger":"panic"}`))
	require.ErrorIs(t, err, plugins.ErrDecode)
	assert.Contains(t, err.Error(), "panic requested")
	_, err = c.Decode("test.echo", []byte(`{"test":"echo"}`))
	assert.NoError(t, err, "the plugin lives on")
}

func TestPluginHangs(t *testing.T) {
	// A first plugin warms up the process-wide goroutines of gRPC.
	require.NoError(t, open(t, testPlugin).Close())
	base := runtime.NumGoroutine()

	reg := builtins(t)
	c, err := plugins.Open(testPlugin, plugins.WithTimeout(300*time.Millisecond))
	require.NoError(t, err)
	pid := c.PID()
	require.NoError(t, c.Register(reg))
	_, err = reg.Decode([]byte(`{"test":"echo","trigger":"hang"}`))
	t.Log(err)
	require.ErrorIs(t, err, plugins.ErrTimeout)
	require.ErrorIs(t, err, plugins.ErrPluginExited)
	assert.Contains(t, err.Error(), testPlugin)
	requireGone(t, pid)

	_, err = reg.Decode([]byte(`{"test":"echo"}`))
	require.ErrorIs(t, err, plugins.ErrPluginExited)
	requireBuiltinWorks(t, reg)
	require.NoError(t, c.Close())
	requireNoChildren(t)
	requireGoroutinesSettle(t, base)
}

func TestMalformedDocument(t *testing.T) {
	c := open(t, testPlugin)
	for _, trigger := range []string{"malformed", "array"} {
		_, err := c.Decode("test.echo", []byte(`{"test":"echo","trigger":"`+trigger+`"}`))
		require.ErrorIs(t, err, plugins.ErrMalformed, trigger)
		assert.Contains(t, err.Error(), testPlugin)
	}
	_, err := c.Decode("test.echo", []byte(`{"test":"echo","trigger":"error"}`))
	require.ErrorIs(t, err, plugins.ErrDecode)
	assert.Contains(t, err.Error(), "error requested")
	_, err = c.Decode("test.echo", []byte(`{"test":"echo"}`))
	assert.NoError(t, err, "the plugin stays usable")
}

func TestBadDescriptors(t *testing.T) {
	tests := []struct {
		mode string
		is   []error
		msg  string
	}{
		{"aws", []error{plugins.ErrMalformed, registry.ErrInvalidSource}, `"aws.sqs"`},
		{"dup", []error{plugins.ErrMalformed, registry.ErrDuplicate}, `"test.other"`},
		{"badrule", []error{plugins.ErrMalformed}, `a..b`},
		{"rawrule", []error{plugins.ErrMalformed}, `"test.raw" does not parse`},
		{"none", []error{plugins.ErrMalformed}, "no source"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			c, err := plugins.Open(testPlugin, mode(tt.mode))
			require.Nil(t, c)
			t.Log(err)
			for _, is := range tt.is {
				require.ErrorIs(t, err, is)
			}
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), testPlugin)
			requireNoChildren(t)
		})
	}
}

func TestNotAPlugin(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, perm os.FileMode) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), perm))
		return p
	}
	tests := []struct {
		name string
		path string
		opts []plugins.Option
		is   error
		msg  string
	}{
		{"exits at once", "/bin/true", nil, plugins.ErrNotPlugin, "exited before the handshake"},
		{"text file", write("notes.txt", "hello\n", 0o644), nil, plugins.ErrNotPlugin, "permission denied"},
		{"executable text", write("evplugin-text", "hello\n", 0o755), nil, plugins.ErrNotPlugin, "exec format error"},
		{"prints something else", write("evplugin-echo", "#!/bin/sh\necho hello\nexec sleep 60\n", 0o755), nil, plugins.ErrNotPlugin, `"hello"`},
		{"a plugin exiting", testPlugin, []plugins.Option{mode("exit")}, plugins.ErrNotPlugin, "testplugin: exiting as asked"},
		{"another protocol version", testPlugin, []plugins.Option{mode("version")}, plugins.ErrVersion,
			"speaks evplugin plugin protocol version 2, this host speaks version 1"},
		{"no Describe", testPlugin, []plugins.Option{mode("nodescribe")}, plugins.ErrNotPlugin, "Unimplemented"},
		{"hangs in describe", testPlugin, []plugins.Option{mode("hangdescribe"), plugins.WithTimeout(300 * time.Millisecond)},
			plugins.ErrTimeout, "describe"},
		{"missing", filepath.Join(dir, "nope"), nil, os.ErrNotExist, "no such file"},
		{"directory", dir, nil, plugins.ErrNotPlugin, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := plugins.Open(tt.path, tt.opts...)
			require.Nil(t, c)
			t.Log(err)
			require.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Contains(t, err.Error(), tt.path)
			requireNoChildren(t)
		})
	}
}

// TestHandshakeFaults: whatever goes wrong in the handshake, Open gives up
// by its start timeout, says so, names the plugin, and leaves no process.
func TestHandshakeFaults(t *testing.T) {
	dir := t.TempDir()
	silent := filepath.Join(dir, "evplugin-silent")
	require.NoError(t, os.WriteFile(silent, []byte("#!/bin/sh\nexec sleep 60\n"), 0o755))
	hello := filepath.Join(dir, "evplugin-hello")
	require.NoError(t, os.WriteFile(hello, []byte("#!/bin/sh\necho hello\nexec sleep 60\n"), 0o755))
	partial := filepath.Join(dir, "evplugin-partial")
	require.NoError(t, os.WriteFile(partial, []byte("#!/bin/sh\nprintf '1|1|tcp'\nexec sleep 60\n"), 0o755))

	// A first plugin warms up the process-wide goroutines of gRPC.
	require.NoError(t, open(t, testPlugin).Close())

	// The start timeout of each case. A plugin that must make progress
	// before the timeout (print a line, answer the handshake) gets
	// seconds, so that a loaded machine does not change which failure it
	// meets; one that fails fast returns long before its timeout; only
	// those that never make progress wait for a short one.
	const (
		short = 300 * time.Millisecond // nothing happens: waited in full
		slow  = 3 * time.Second        // progress, then nothing: waited in full
		fast  = 20 * time.Second       // fails as soon as it is known: not waited
	)
	tests := []struct {
		name  string
		path  string
		mode  string
		start time.Duration
		is    error
		msg   string
	}{
		{"prints nothing (script)", silent, "", short, plugins.ErrTimeout, "no handshake within the start timeout (300ms): it printed no handshake line"},
		{"prints nothing", testPlugin, "slowstart", short, plugins.ErrTimeout, "no handshake within the start timeout (300ms): it printed no handshake line"},
		{"prints half a line", partial, "", short, plugins.ErrTimeout, "no handshake within the start timeout (300ms)"},
		{"prints something else", hello, "", fast, plugins.ErrNotPlugin, `handshake failed before the start timeout (20s): it did not answer the handshake (it printed "hello")`},
		{"bad address", testPlugin, "badhandshake", fast, plugins.ErrNotPlugin, "handshake failed before the start timeout (20s)"},
		{"port accepts and never answers", testPlugin, "silentport", slow, plugins.ErrTimeout, "no handshake within the start timeout (3s): it named 127.0.0.1:"},
		{"nobody listens", testPlugin, "refusedport", fast, plugins.ErrNotPlugin, "handshake failed before the start timeout (20s): it named 127.0.0.1:"},
		{"hangs in describe", testPlugin, "hangdescribe", slow, plugins.ErrTimeout, "describe: no answer within the start timeout (3s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []plugins.Option{plugins.WithStartTimeout(tt.start)}
			if tt.mode != "" {
				opts = append(opts, mode(tt.mode))
			}
			type result struct {
				c   *plugins.Client
				err error
			}
			base := runtime.NumGoroutine()
			done := make(chan result, 1)
			go func() {
				c, err := plugins.Open(tt.path, opts...)
				done <- result{c, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(2 * time.Minute): // a guard against a hang, not a measure
				require.FailNow(t, "Open did not return")
			}
			require.Nil(t, r.c)
			t.Log(r.err)
			require.ErrorIs(t, r.err, tt.is)
			assert.Contains(t, r.err.Error(), tt.msg)
			assert.Contains(t, r.err.Error(), "timeout")
			assert.Contains(t, r.err.Error(), tt.path)
			assert.NotContains(t, r.err.Error(), "signal: killed")
			requireNoChildren(t)
			requireGoroutinesSettle(t, base)
		})
	}
}

func TestChecksum(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	script := filepath.Join(dir, "evplugin-marker")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755))

	wrong := sha256.Sum256([]byte("something else"))
	_, err := plugins.Open(script, plugins.WithChecksum(wrong[:]))
	require.ErrorIs(t, err, plugins.ErrChecksum)
	assert.Contains(t, err.Error(), script)
	assert.NoFileExists(t, marker, "the binary was not run")

	bin, err := os.ReadFile(ghPlugin)
	require.NoError(t, err)
	sum := sha256.Sum256(bin)
	c := open(t, ghPlugin, plugins.WithChecksum(sum[:]))
	assert.Equal(t, "github.webhook", c.Sources()[0].ID)
	_, err = plugins.Open(ghPlugin, plugins.WithChecksum(wrong[:]))
	require.ErrorIs(t, err, plugins.ErrChecksum)
}

func TestOpenAll(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Symlink(testPlugin, filepath.Join(dir, "evplugin-a")))
	require.NoError(t, os.Symlink(ghPlugin, filepath.Join(dir, "evplugin-b")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "evplugin-notes.txt"), []byte("not executable"), 0o644))
	require.NoError(t, os.Symlink("/bin/true", filepath.Join(dir, "true"))) // not evplugin-*
	require.NoError(t, os.Mkdir(filepath.Join(dir, "evplugin-dir"), 0o755))

	clients, err := plugins.OpenAll([]string{dir, testPlugin})
	require.NoError(t, err)
	var names []string
	for _, c := range clients {
		names = append(names, c.Name())
		require.NoError(t, c.Close())
	}
	assert.Equal(t, []string{"evplugin-a", "evplugin-b", "evplugin-testplugin"}, names)
	requireNoChildren(t)

	// One bad plugin fails them all, and no process is left.
	require.NoError(t, os.Symlink("/bin/true", filepath.Join(dir, "evplugin-z")))
	clients, err = plugins.OpenAll([]string{dir})
	require.ErrorIs(t, err, plugins.ErrNotPlugin)
	assert.Contains(t, err.Error(), "evplugin-z")
	assert.Nil(t, clients)
	requireNoChildren(t)

	_, err = plugins.OpenAll([]string{filepath.Join(dir, "missing")})
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestSplitEnv(t *testing.T) {
	sep := string(os.PathListSeparator)
	assert.Equal(t, []string{"/a/evplugin-x", "/b"}, plugins.SplitEnv("/a/evplugin-x"+sep+sep+" /b "+sep))
	assert.Nil(t, plugins.SplitEnv(""))
	assert.True(t, strings.HasPrefix(plugins.FilePrefix, "evplugin-"))
}

func TestHostKilled(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	host := exec.Command(os.Args[0], "-test.run=^$")
	host.Env = append(os.Environ(), "EVPLUGIN_TEST_HOST="+ghPlugin)
	out, err := host.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, host.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, line)
	require.NoError(t, host.Process.Kill())
	_ = host.Wait()

	// The plugin notices it lost its host and exits.
	deadline := time.Now().Add(5 * time.Second)
	for {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			require.Fail(t, "the plugin outlived its host")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
