// Command clistart times `evplugin detect FILE` as a whole process, with
// no plugin named, against the same command built without plugin support
// (-tags evplugin_noplugins, which leaves the plugin host out): an A/B
// of whole processes, run in turn so that a busy machine slows both alike.
// It prints the median wall time of each, their ratio and the goal
// (≤ 1.2×), and, from GODEBUG=inittrace=1 runs, the time until main and
// the clock time summed over every package's init.
//
//	go run ./cmd/clistart [-n 41]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/evplugin/evplugin/bench/internal/batch"
)

const goal = 1.2

type build struct {
	name, tags, bin string
	wall            []float64 // seconds
	main, init      []float64 // ms: until main, and init summed
}

func main() {
	n := flag.Int("n", 41, "runs of each binary (medians are printed)")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "clistart:", err)
		os.Exit(1)
	}
}

func run(n int) error {
	dir, err := os.MkdirTemp("", "clistart")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sample, err := batch.Sample()
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "sqs.json")
	if err := os.WriteFile(file, sample, 0o600); err != nil {
		return err
	}
	builds := []*build{{name: "plugins"}, {name: "no plugins", tags: "evplugin_noplugins"}}
	for i, b := range builds {
		b.bin = filepath.Join(dir, fmt.Sprintf("evplugin%d", i))
		cmd := exec.Command("go", "build", "-tags", b.tags, "-o", b.bin, "./cmd/evplugin")
		cmd.Dir = ".." // the main module
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build -tags %q: %v\n%s", b.tags, err, out)
		}
	}
	for i := range n + 3 {
		for _, b := range builds {
			start := time.Now()
			cmd := exec.Command(b.bin, "detect", file)
			cmd.Env = append(os.Environ(), "EVPLUGIN_PLUGINS=")
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%s detect: %v\n%s", b.name, err, out)
			}
			if i >= 3 { // the first runs warm the page cache
				b.wall = append(b.wall, time.Since(start).Seconds())
			}
			if i < 9 {
				if err := b.trace(file); err != nil {
					return err
				}
			}
		}
	}
	fmt.Printf("evplugin detect FILE as a whole process, no plugin named, median of %d runs in turn:\n", n)
	fmt.Printf("%-12s %9s %11s %9s\n", "build", "wall ms", "until main", "init ms")
	for _, b := range builds {
		fmt.Printf("%-12s %9.2f %11.2f %9.2f\n", b.name, median(b.wall)*1e3, median(b.main), median(b.init))
	}
	ratio := median(builds[0].wall) / median(builds[1].wall)
	verdict := "MET"
	if ratio > goal {
		verdict = "MISSED"
	}
	fmt.Printf("CLI start %.2f× the build without plugin support, goal ≤%.1f×: %s\n", ratio, goal, verdict)
	return nil
}

// trace runs the binary with GODEBUG=inittrace=1 and records when the
// last package's init ended and the clock time of them all.
func (b *build) trace(file string) error {
	cmd := exec.Command(b.bin, "detect", file)
	cmd.Env = append(os.Environ(), "EVPLUGIN_PLUGINS=", "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s detect: %v\n%s", b.name, err, stderr.String())
	}
	var end, sum float64
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		var pkg string
		var at, clock float64
		if _, err := fmt.Sscanf(sc.Text(), "init %s @%f ms, %f ms clock", &pkg, &at, &clock); err != nil {
			continue
		}
		sum += clock
		end = max(end, at+clock)
	}
	if sum == 0 {
		return fmt.Errorf("%s: no inittrace lines", b.name)
	}
	b.main, b.init = append(b.main, end), append(b.init, sum)
	return nil
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}
