// Command ndjson measures the throughput of detection over a stream of
// events, on the code path `evplugin detect` takes (package stream, with
// every core): it writes a newline-delimited file of about 200 MB of mixed
// events into a temporary directory (never committed), the reference
// samples and the project's own payloads compacted and taken in turn, then
// detects every event of it several times and reports the median.
//
//	go run ./cmd/ndjson [-mb 200] [-n 5] [-keep FILE]
//
// The samples are in ../../shared/events/powertools (EVPLUGIN_EVENTS
// overrides it), the payloads in ../testdata/events. Goal: ≥ 300 MB/s on
// the 2-core CI machine.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
	"github.com/evplugin/evplugin/stream"
)

func main() {
	mb := flag.Int("mb", 200, "size of the generated file in `MB`")
	n := flag.Int("n", 5, "number of runs; the median is reported")
	keep := flag.String("keep", "", "write the file to `FILE` and keep it, instead of a temporary one")
	flag.Parse()

	events, err := samples()
	if err != nil {
		fail(err)
	}
	path := *keep
	if path == "" {
		dir, err := os.MkdirTemp("", "evplugin-ndjson")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "events.ndjson")
	}
	size, count, err := generate(path, events, int64(*mb)*1e6)
	if err != nil {
		fail(err)
	}

	var rates []float64
	var ids map[string]int
	for range max(*n, 1) {
		start := time.Now()
		ids, err = detect(path)
		if err != nil {
			fail(err)
		}
		rates = append(rates, float64(size)/1e6/time.Since(start).Seconds())
	}
	slices.Sort(rates)
	detected := 0
	for id, k := range ids {
		if id != "unknown" && id != "invalid" {
			detected += k
		}
	}
	fmt.Printf("NDJSON detect (package stream, %d workers): %.0f MB/s median of %d, %.0f-%.0f (goal ≥ 300)\n",
		runtime.GOMAXPROCS(0), rates[len(rates)/2], len(rates), rates[0], rates[len(rates)-1])
	fmt.Printf("  %d events, %.1f MB, %d distinct samples, %d IDs; %d detected, %d unknown, %d invalid\n",
		count, float64(size)/1e6, len(events), len(ids)-btoi(ids["unknown"] > 0)-btoi(ids["invalid"] > 0),
		detected, ids["unknown"], ids["invalid"])
	if ids["invalid"] > 0 {
		fail(errors.New("the generated file holds invalid events"))
	}
}

// detect detects every event of the file, as `evplugin detect --count`
// does, and counts the IDs.
func detect(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids := map[string]int{}
	err = stream.Detect(f, registry.Default, stream.Options{}, func(ev *stream.Event, r stream.Result) error {
		switch {
		case r.Err == nil:
			ids[r.ID]++
		case errors.Is(r.Err, registry.ErrUnknownSource), errors.As(r.Err, new(*registry.AmbiguousError)):
			ids["unknown"]++
		default:
			ids["invalid"]++
		}
		return nil
	})
	return ids, err
}

// samples returns every reference sample and payload, compacted, in name
// order.
func samples() ([][]byte, error) {
	dir := filepath.Join("..", "..", "shared", "events", "powertools")
	if d := os.Getenv("EVPLUGIN_EVENTS"); d != "" {
		dir = d
	}
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "*.json"), filepath.Join("..", "testdata", "events", "*", "*.json")} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	var events [][]byte
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			continue // some payloads are invalid on purpose
		}
		events = append(events, b.Bytes())
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("no events in %s (set EVPLUGIN_EVENTS to the powertools events folder)", dir)
	}
	return events, nil
}

// generate writes events in turn, one a line, until the file holds size
// bytes.
func generate(path string, events [][]byte, size int64) (written int64, count int, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; written < size; i++ {
		ev := events[i%len(events)]
		w.Write(ev)
		w.WriteByte('\n')
		written += int64(len(ev)) + 1
		count++
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, 0, err
	}
	return written, count, f.Close()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "ndjson: %v\n", err)
	os.Exit(1)
}
