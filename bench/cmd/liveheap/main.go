// Command liveheap compares the memory a decoded event keeps alive: it
// builds an SQS batch of about 6 MB (Lambda's payload limit) whose records
// carry 256 KiB JSON bodies, escaped in the event (package
// bench/internal/batch), decodes it with evplugin.Decode and with the
// baseline (aws-lambda-go's events.SQSEvent through encoding/json), and
// reads the live heap after a garbage collection while the result is still
// referenced. The input itself is alive before and after, so it is not
// counted. It prints the median of -n measurements of each, their ratio
// and the goal (≤ 1.3× the baseline), and the decode times of both.
//
//	go run ./cmd/liveheap [-n 5] [-size 6000000]
package main

import (
	stdjson "encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/bench/internal/batch"
	_ "github.com/evplugin/evplugin/sources/sqs" // Decode of the batch
)

const goal = 1.3

func main() {
	n := flag.Int("n", 5, "measurements of each decoder (medians are printed)")
	size := flag.Int("size", 6_000_000, "largest size of the batch in bytes")
	flag.Parse()
	if err := run(*n, *size); err != nil {
		fmt.Fprintln(os.Stderr, "liveheap:", err)
		os.Exit(1)
	}
}

func run(n, size int) error {
	sample, err := batch.Sample()
	if err != nil {
		return err
	}
	raw, err := batch.SQS(sample, size)
	if err != nil {
		return err
	}
	if id, err := evplugin.Detect(raw); err != nil || id != "aws.sqs" {
		return fmt.Errorf("the batch is detected as %q (%v), want aws.sqs", id, err)
	}
	decoders := []struct {
		name   string
		decode func() (any, error)
	}{
		{"baseline", func() (any, error) { var e events.SQSEvent; err := stdjson.Unmarshal(raw, &e); return &e, err }},
		{"evplugin", func() (any, error) { return evplugin.Decode(raw) }},
	}
	live := make([][]float64, len(decoders))
	took := make([][]float64, len(decoders))
	for range n { // interleaved
		for i, d := range decoders {
			b, t, err := measure(d.decode)
			if err != nil {
				return fmt.Errorf("%s: %w", d.name, err)
			}
			live[i] = append(live[i], b)
			took[i] = append(took[i], t)
		}
	}
	fmt.Printf("Live heap after decoding an SQS batch of %.1f MB (%d KiB JSON bodies, escaped), median of %d:\n",
		float64(len(raw))/1e6, batch.BodySize>>10, n)
	fmt.Printf("%-10s %10s %10s\n", "decoder", "live MB", "decode ms")
	for i, d := range decoders {
		fmt.Printf("%-10s %10.2f %10.2f\n", d.name, median(live[i])/1e6, median(took[i])*1e3)
	}
	ratio := median(live[1]) / median(live[0])
	verdict := "MET"
	if ratio > goal {
		verdict = "MISSED"
	}
	fmt.Printf("Live heap after Decode %.2f× the baseline's, goal ≤%.1f×: %s\n", ratio, goal, verdict)
	fmt.Printf("Decode of the batch %.2f× the baseline's time\n", median(took[1])/median(took[0]))
	return nil
}

// measure decodes once and returns the bytes the result keeps alive and
// the decode time in seconds.
func measure(decode func() (any, error)) (float64, float64, error) {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	start := time.Now()
	v, err := decode()
	t := time.Since(start).Seconds()
	if err != nil {
		return 0, 0, err
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(v)
	return float64(m.HeapAlloc) - float64(before), t, nil
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}
