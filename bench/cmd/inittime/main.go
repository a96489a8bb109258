// Command inittime reports how long the packages of evplugin take to
// initialise: it runs itself, importing the root package and every built-in
// source, with GODEBUG=inittrace=1 several times and sums the clock time of
// the init lines for packages under github.com/evplugin/evplugin.
//
// With -synthetic N, the package bench/internal/synthetic registers N
// synthetic sources from its init function first (it sorts before sources/),
// and the built-in packages are timed registering beside them; the
// synthetic package's own time is reported apart.
//
//	go run ./cmd/inittime [-n 9] [-v] [-synthetic 150]
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

	_ "github.com/evplugin/evplugin" // measured: the root package
	"github.com/evplugin/evplugin/bench/internal/synthetic"
	_ "github.com/evplugin/evplugin/sources/all" // measured: every built-in source registers in init
)

const (
	module = "github.com/evplugin/evplugin"
	child  = "EVPLUGIN_INITTIME_CHILD"
	// synth is the package that registers synthetic sources, timed apart.
	synth = module + "/bench/internal/synthetic"
)

// initStat is one package's line of inittrace output:
//
//	init github.com/evplugin/evplugin/sources/sqs @1.2 ms, 0.031 ms clock, 4096 bytes, 57 allocs
type initStat struct {
	pkg           string
	ms            float64
	bytes, allocs int
}

func main() {
	if os.Getenv(child) != "" {
		return // the imports ran their init functions; the parent reads stderr
	}
	n := flag.Int("n", 9, "number of runs; the median total is reported")
	verbose := flag.Bool("v", false, "list the packages of the median run")
	synthetics := flag.Int("synthetic", 0, "register `N` synthetic sources first")
	flag.Parse()
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	type run struct {
		total  float64 // the packages of evplugin, synthetic sources aside
		synth  float64 // the synthetic sources
		bytes  int
		allocs int
		stats  []initStat
	}
	var runs []run
	for range max(*n, 1) {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), child+"=1", "GODEBUG=inittrace=1", fmt.Sprintf("%s=%d", synthetic.Env, *synthetics))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("%v: %s", err, stderr.String()))
		}
		stats, err := parse(stderr.Bytes())
		if err != nil {
			fail(err)
		}
		if len(stats) == 0 {
			fail(fmt.Errorf("no init lines for %s in the inittrace output", module))
		}
		r := run{}
		for _, s := range stats {
			if s.pkg == synth {
				r.synth = s.ms
				continue
			}
			r.stats = append(r.stats, s)
			r.total += s.ms
			r.bytes += s.bytes
			r.allocs += s.allocs
		}
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b run) int {
		switch {
		case a.total < b.total:
			return -1
		case a.total > b.total:
			return 1
		}
		return 0
	})
	med := runs[len(runs)/2]
	with := ""
	if *synthetics > 0 {
		synths := make([]float64, len(runs))
		for i, r := range runs {
			synths[i] = r.synth
		}
		slices.Sort(synths)
		with = fmt.Sprintf(", beside %d synthetic sources registered first (their own init: %.3f ms)", *synthetics, synths[len(synths)/2])
	}
	fmt.Printf("init of %d evplugin packages%s: %.3f ms clock (median of %d runs; min %.3f, max %.3f), %d bytes, %d allocs\n",
		len(med.stats), with, med.total, len(runs), runs[0].total, runs[len(runs)-1].total, med.bytes, med.allocs)
	if *verbose {
		slices.SortFunc(med.stats, func(a, b initStat) int { return strings.Compare(a.pkg, b.pkg) })
		for _, s := range med.stats {
			fmt.Printf("  %-55s %7.3f ms %8d bytes %6d allocs\n", s.pkg, s.ms, s.bytes, s.allocs)
		}
	}
}

func parse(out []byte) ([]initStat, error) {
	var stats []initStat
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// init PKG @T ms, C ms clock, B bytes, A allocs
		if len(f) != 11 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		if f[1] != module && !strings.HasPrefix(f[1], module+"/") {
			continue
		}
		ms, err1 := strconv.ParseFloat(f[4], 64)
		b, err2 := strconv.Atoi(f[7])
		a, err3 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("unexpected inittrace line %q", sc.Text())
		}
		stats = append(stats, initStat{pkg: f[1], ms: ms, bytes: b, allocs: a})
	}
	return stats, sc.Err()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "inittime:", err)
	os.Exit(1)
}
