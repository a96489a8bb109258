// Command binsize builds the same SQS handler on evplugin and on
// aws-lambda-go's events alone (bench/handlers), and reports both binary
// sizes, their difference, the packages the evplugin handler links beyond
// the baseline, and how many bytes of symbols each of them holds. Run it in
// the bench module:
//
//	go run ./cmd/binsize [-keep DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/evplugin/evplugin/bench/internal/binsize"
)

func main() {
	keep := flag.String("keep", "", "leave the binaries in `DIR`")
	flag.Parse()
	dir := *keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "binsize")
		check(err)
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	results, err := binsize.Measure(".", dir)
	check(err)
	fmt.Printf("The same SQS handler under lambda.Start (%s):\n", binsize.Platform())
	for _, r := range results {
		fmt.Println("  " + r.String())
	}

	extra, err := extraPackages()
	check(err)
	bin := filepath.Join(dir, filepath.Base(binsize.EvpluginPkg)+".plain")
	keys := make([]string, len(extra))
	for i, p := range extra {
		keys[i] = p + "."
	}
	sums, err := binsize.SymbolBytes(".", bin, keys...)
	check(err)
	fmt.Println("Packages the evplugin handler links beyond the baseline, by bytes of symbols (code and data):")
	slices.SortFunc(extra, func(a, b string) int { return int(sums[b+"."] - sums[a+"."]) })
	for _, p := range extra {
		fmt.Printf("  %8d  %s\n", sums[p+"."], p)
	}
}

// extraPackages are the packages the evplugin handler links and the
// baseline does not.
func extraPackages() ([]string, error) {
	ev, err := binsize.Deps(".", binsize.EvpluginPkg)
	if err != nil {
		return nil, err
	}
	base, err := binsize.Deps(".", binsize.BaselinePkg)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, p := range ev {
		if !slices.Contains(base, p) && !strings.HasPrefix(p, "github.com/evplugin/evplugin/bench/") {
			extra = append(extra, p)
		}
	}
	return extra, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "binsize:", err)
		os.Exit(1)
	}
}
