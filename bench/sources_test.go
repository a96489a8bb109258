package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/evplugin/evplugin/bench/internal/synth"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all" // the built-in sources, in registry.Default
)

// totalSources is how many sources the scaled registry holds: the built-in
// ones and synthetic ones (bench/internal/synth), as the catalog will.
const totalSources = 150

// builtinRegistry returns a new registry with the built-in sources.
func builtinRegistry(tb testing.TB) *registry.Registry {
	tb.Helper()
	r := registry.New()
	if err := r.RegisterAll(registry.Default.Sources()); err != nil {
		tb.Fatal(err)
	}
	return r
}

// foundationIDs are the 11 sources the "detection cost with 11"
// counts: the sources of the benchmarked events (benchEvents) and two
// more of the foundation's design-stressing set.
var foundationIDs = []string{
	"aws.sqs", "aws.sns", "aws.s3", "aws.apigateway.rest", "aws.apigateway.http", "aws.dynamodb.stream",
	"aws.cloudwatch.logs", "aws.eventbridge", "aws.cognito.presignup", "aws.kinesis.stream", "aws.lambda.url",
}

// foundationRegistry returns a new registry with the foundationIDs
// sources only.
func foundationRegistry(tb testing.TB) *registry.Registry {
	tb.Helper()
	r := registry.New()
	for _, id := range foundationIDs {
		s, err := registry.Default.Lookup(id)
		if err != nil {
			tb.Fatal(err)
		}
		if err := r.Register(s); err != nil {
			tb.Fatal(err)
		}
	}
	return r
}

// scaledRegistry returns a new registry with the built-in sources and
// synthetic ones, totalSources in all, and the synthetic sources.
func scaledRegistry(tb testing.TB) (*registry.Registry, []registry.Source) {
	tb.Helper()
	r := builtinRegistry(tb)
	syn := synth.Sources(totalSources - len(r.Sources()))
	if err := r.RegisterAll(syn); err != nil {
		tb.Fatal(err)
	}
	return r, syn
}

// BenchmarkDetectSources detects each real event with the 11 sources of
// the foundation (foundationIDs), with every built-in source, then with
// synthetic sources bringing the total to 150 over about 150 distinct
// paths: cmd/ratios reports the built-in-vs-11 and 150-vs-built-in
// ratios. They run one after the other for each event, so that a busy
// machine slows all alike.
func BenchmarkDetectSources(b *testing.B) {
	eleven := foundationRegistry(b)
	builtin := builtinRegistry(b)
	scaled, _ := scaledRegistry(b)
	for _, e := range benchEvents {
		b.Run(e.name, func(b *testing.B) {
			raw := load(b, e)
			for _, reg := range []struct {
				name string
				r    *registry.Registry
			}{{"11", eleven}, {"builtin", builtin}, {fmt.Sprint(totalSources), scaled}} {
				b.Run(reg.name, func(b *testing.B) {
					if id, err := reg.r.Detect(raw); err != nil || id != e.id {
						b.Skipf("detected %q, %v; want %s", id, err, e.id)
					}
					measure(b, raw, func() error { _, err := reg.r.Detect(raw); return err })
				})
			}
		})
	}
}

// BenchmarkRegister registers 150 sources one by one into a new registry,
// as init functions do, then detects one event: registration is cheap and
// the first read compiles the rules once.
func BenchmarkRegister(b *testing.B) {
	all := append(registry.Default.Sources(), synth.Sources(totalSources-len(registry.Default.Sources()))...)
	raw := load(b, benchEvents[0])
	b.ReportAllocs()
	for b.Loop() {
		r := registry.New()
		for _, s := range all {
			if err := r.Register(s); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := r.Detect(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScaledSources holds the scaled registry to what the benchmark
// assumes: 150 sources over about 150 distinct paths, the real events
// detected as with the built-in sources alone, every synthetic event
// detected as its own source (the map path agreeing), and no allocation.
func TestScaledSources(t *testing.T) {
	builtin := builtinRegistry(t)
	scaled, syn := scaledRegistry(t)
	srcs := scaled.Sources()
	if len(srcs) != totalSources {
		t.Fatalf("%d sources", len(srcs))
	}
	paths := map[string]bool{}
	for _, s := range srcs {
		for _, c := range append(s.Rule.All[:len(s.Rule.All):len(s.Rule.All)], s.Rule.Any...) {
			paths[c.Path] = true
		}
	}
	// About one path per synthetic source; real sources, which test
	// several paths each (the four AppSync ones 17), bring more as they
	// replace synthetic ones, up to two per source in all.
	if n := len(paths); n < totalSources*9/10 || n > 2*totalSources {
		t.Errorf("%d distinct paths, want %d to %d", n, totalSources*9/10, 2*totalSources)
	}
	t.Logf("%d sources, %d distinct paths", len(srcs), len(paths))

	for _, e := range benchEvents {
		raw, err := readSample(e)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := builtin.Detect(raw)
		got, gerr := scaled.Detect(raw)
		if got != want || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("%s: %q %v with %d sources, %q %v with the built-in ones", e.name, got, gerr, totalSources, want, werr)
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = scaled.Detect(raw) }); n != 0 && gerr == nil {
			t.Errorf("%s: Detect: %v allocs", e.name, n)
		}
	}
	for i, raw := range synth.Events(len(syn)) {
		got, err := scaled.Detect(raw)
		if err != nil || got != syn[i].ID {
			t.Errorf("%s: detected %q, %v; want %s", raw, got, err, syn[i].ID)
		}
		var m map[string]any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if mid, err := scaled.DetectMap(m); err != nil || mid != syn[i].ID {
			t.Errorf("%s: map path detected %q, %v; want %s", raw, mid, err, syn[i].ID)
		}
	}
	_, err := scaled.Detect([]byte(`{"synthNothing":1}`))
	if !errors.Is(err, registry.ErrUnknownSource) {
		t.Errorf("unknown event: %v", err)
	}
}
