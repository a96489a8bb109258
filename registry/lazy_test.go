package registry

import (
	"fmt"
	"testing"

	"github.com/evplugin/evplugin/lossless"
)

// TestRegisterCompilesLazily: registering compiles nothing; the first
// read compiles the snapshot once, and later reads share it until the
// next change.
func TestRegisterCompilesLazily(t *testing.T) {
	r := New()
	newEv := func() any { return new(struct{ lossless.Extra }) }
	for i := range 100 {
		if err := r.Register(Source{ID: fmt.Sprintf("s.%d", i), New: newEv, Rule: Rule{All: []Cond{{Path: fmt.Sprintf("k%d", i), Op: Exists}}}}); err != nil {
			t.Fatal(err)
		}
		if r.snap.Load() != nil {
			t.Fatalf("registration %d compiled a snapshot", i)
		}
	}
	if id, err := r.Detect([]byte(`{"k42":1}`)); err != nil || id != "s.42" {
		t.Fatalf("Detect: %q, %v", id, err)
	}
	snap := r.snap.Load()
	if snap == nil || len(snap.sources) != 100 {
		t.Fatal("the first read did not publish a snapshot of every source")
	}
	_, _ = r.Detect([]byte(`{"k7":1}`))
	_, _ = r.Lookup("s.7")
	_ = r.Sources()
	if r.snap.Load() != snap {
		t.Fatal("a read without a change compiled again")
	}

	r.Unregister("s.42")
	if r.snap.Load() != nil {
		t.Fatal("Unregister kept a stale snapshot")
	}
	if _, err := r.Detect([]byte(`{"k42":1}`)); err == nil {
		t.Fatal("an unregistered source is still detected")
	}
	if err := r.Register(Source{ID: "s.42", New: newEv, Rule: Rule{All: []Cond{{Path: "k42", Op: Exists}}}}); err != nil {
		t.Fatal("an unregistered ID can be registered again:", err)
	}
	if err := r.RegisterAll([]Source{{ID: "s.new", New: newEv, Rule: Rule{All: []Cond{{Path: "x", Op: Exists}}}}, {ID: "s.7", New: newEv, Rule: Rule{All: []Cond{{Path: "x", Op: Exists}}}}}); err == nil {
		t.Fatal("RegisterAll with a taken ID succeeded")
	}
	if _, err := r.Lookup("s.new"); err == nil {
		t.Fatal("a failed RegisterAll registered some of its sources")
	}
}

// TestZeroRegistry: the zero value is an empty registry.
func TestZeroRegistry(t *testing.T) {
	var r Registry
	if _, err := r.Detect([]byte(`{}`)); err == nil {
		t.Fatal("an empty registry detected a source")
	}
	if err := r.Register(Source{ID: "z", New: func() any { return new(struct{ lossless.Extra }) }, Rule: Rule{All: []Cond{{Path: "z", Op: Exists}}}}); err != nil {
		t.Fatal(err)
	}
	if id, err := r.Detect([]byte(`{"z":null}`)); err != nil || id != "z" {
		t.Fatalf("Detect: %q, %v", id, err)
	}
}
