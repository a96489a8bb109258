// Package binsize builds the same SQS handler twice, on evplugin
// (evplugin.Handle with sources/sqs) and on aws-lambda-go's events package
// alone, both started by lambda.Start, and reports the two binary sizes and
// their difference, for a plain build and for a stripped one
// (-trimpath -ldflags=-s -w). Sizes are deterministic for a given Go version,
// platform and set of modules.
package binsize

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// The two handlers, as packages of the bench module.
const (
	EvpluginPkg = "./handlers/evplugin-sqs"
	BaselinePkg = "./handlers/awslambdago-sqs"
)

// Limit is the most the evplugin handler may weigh more than the baseline:
// 1.0 MB.
const Limit = 1_000_000

// Build is one way of building both handlers.
type Build struct {
	Name  string
	Flags []string
}

// Builds are the ways measured: as go build makes it, and stripped as
// deployments usually are.
var Builds = []Build{
	{"plain", nil},
	{"stripped", []string{"-trimpath", "-ldflags=-s -w"}},
}

// Result is the two sizes of one build, in bytes.
type Result struct {
	Build              Build
	Baseline, Evplugin int64
}

// Diff is how many bytes the evplugin handler weighs more than the
// baseline.
func (r Result) Diff() int64 { return r.Evplugin - r.Baseline }

func (r Result) String() string {
	return fmt.Sprintf("%-8s  aws-lambda-go %s  evplugin %s  difference %s (limit %s)",
		r.Build.Name, MB(r.Baseline), MB(r.Evplugin), MB(r.Diff()), MB(Limit))
}

// MB formats a size in bytes as megabytes (10^6 bytes) with the bytes.
func MB(n int64) string { return fmt.Sprintf("%.3f MB (%d)", float64(n)/1e6, n) }

// env is the environment of every go command: no cgo, as for Lambda's
// provided runtimes, and none of the caller's GOFLAGS.
func env() []string {
	return append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
}

// Measure builds both handlers of the module in dir (the bench module) each
// way, in a temporary directory it removes, and returns their sizes; keep,
// if not empty, is a directory to leave the binaries in.
func Measure(dir, keep string) ([]Result, error) {
	out := keep
	if out == "" {
		tmp, err := os.MkdirTemp("", "binsize")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		out = tmp
	}
	var results []Result
	for _, b := range Builds {
		r := Result{Build: b}
		for _, h := range []struct {
			pkg  string
			size *int64
		}{{BaselinePkg, &r.Baseline}, {EvpluginPkg, &r.Evplugin}} {
			bin := filepath.Join(out, filepath.Base(h.pkg)+"."+b.Name)
			args := append(append([]string{"build", "-o", bin}, b.Flags...), h.pkg)
			if err := gocmd(dir, nil, args...); err != nil {
				return nil, err
			}
			fi, err := os.Stat(bin)
			if err != nil {
				return nil, err
			}
			*h.size = fi.Size()
		}
		results = append(results, r)
	}
	return results, nil
}

// Deps returns the import paths of the packages pkg links (go list -deps),
// standard library included.
func Deps(dir, pkg string) ([]string, error) {
	var out bytes.Buffer
	if err := gocmd(dir, &out, "list", "-deps", pkg); err != nil {
		return nil, err
	}
	return strings.Fields(out.String()), nil
}

// SymbolBytes sums the sizes of the symbols of binary (which must not be
// stripped) whose names contain any of the substrings, by substring: code
// and data, without the tables the runtime and debuggers add per function.
func SymbolBytes(dir, binary string, substrings ...string) (map[string]int64, error) {
	var out bytes.Buffer
	if err := gocmd(dir, &out, "tool", "nm", "-size", binary); err != nil {
		return nil, err
	}
	sums := map[string]int64{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		// address size type name...
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		name := strings.Join(f[3:], " ")
		for _, s := range substrings {
			if strings.Contains(name, s) {
				sums[s] += n
			}
		}
	}
	return sums, sc.Err()
}

// Platform names the Go version and target the sizes hold for.
func Platform() string {
	return runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ", CGO_ENABLED=0"
}

func gocmd(dir string, stdout *bytes.Buffer, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
