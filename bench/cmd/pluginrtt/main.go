// Command pluginrtt runs the main module's plugin round-trip benchmark
// (BenchmarkRoundTrip in package plugins) several times and prints the
// decode round trip through the example plugin against a trivial go-plugin
// gRPC echo of the same 2 KB event, measured in the same runs with the
// calls in turn: p50 and p99 of each, their ratios (median, min and max
// over the runs) and the goal (p50 ≤ 1.2× the echo's).
//
//	go run ./cmd/pluginrtt [-n 5] [-calls 3000]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

const goal = 1.2

// metrics are BenchmarkRoundTrip's, in the order printed.
var metrics = []string{"decode-p50-µs", "echo-p50-µs", "p50-ratio", "decode-p99-µs", "echo-p99-µs", "p99-ratio"}

func main() {
	n := flag.Int("n", 5, "runs of the benchmark")
	calls := flag.Int("calls", 3000, "round trips of each kind per run")
	flag.Parse()
	if err := run(*n, *calls); err != nil {
		fmt.Fprintln(os.Stderr, "pluginrtt:", err)
		os.Exit(1)
	}
}

func run(n, calls int) error {
	cmd := exec.Command("go", "test", "./plugins", "-run", "^$", "-bench", "^BenchmarkRoundTrip$",
		"-benchtime", strconv.Itoa(calls)+"x", "-count", strconv.Itoa(n))
	cmd.Dir = ".." // the main module
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test ./plugins -bench RoundTrip: %v\n%s", err, out)
	}
	got := map[string][]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || !strings.HasPrefix(f[0], "BenchmarkRoundTrip") {
			continue
		}
		for i := 1; i+1 < len(f); i++ {
			if slices.Contains(metrics, f[i+1]) {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					return fmt.Errorf("%q: %v", sc.Text(), err)
				}
				got[f[i+1]] = append(got[f[i+1]], v)
			}
		}
	}
	if len(got["p50-ratio"]) == 0 {
		return fmt.Errorf("no BenchmarkRoundTrip result in\n%s", out)
	}
	fmt.Printf("plugin decode round trip (2 KB event, example plugin) against a go-plugin gRPC echo, %d runs of %d calls each:\n", n, calls)
	fmt.Printf("%-14s %9s %9s %9s\n", "metric", "median", "min", "max")
	for _, m := range metrics {
		s := slices.Sorted(slices.Values(got[m]))
		f := "%-14s %9.0f %9.0f %9.0f\n"
		if strings.HasSuffix(m, "ratio") {
			f = "%-14s %9.2f %9.2f %9.2f\n"
		}
		fmt.Printf(f, m, s[len(s)/2], s[0], s[len(s)-1])
	}
	s := slices.Sorted(slices.Values(got["p50-ratio"]))
	verdict := "MET"
	if s[len(s)/2] > goal {
		verdict = "MISSED"
	}
	fmt.Printf("plugin round trip p50 %.2f× the echo's, goal ≤%.1f×: %s\n", s[len(s)/2], goal, verdict)
	return nil
}
