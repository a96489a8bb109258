package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/lossless"
)

// TestDetectManyPaths runs detection (bytes and map), against detectLinear,
// with few paths
// and rules and with more than one word of bit sets holds, with more
// values than detect keeps on its stack, more paths and rules too, and
// with a trie taller than the scanner's own frames.
func TestDetectManyPaths(t *testing.T) {
	for _, npaths := range []int{8, 40, 70, 300} {
		t.Run(fmt.Sprint(npaths), func(t *testing.T) {
			// The tall trie is the largest case's.
			deep, deepJSON := "deep.a.b[0]", `"deep": {"a": {"b": [{"c": 1}]}},`
			if npaths == 300 {
				deep, deepJSON = "deep.a.b.c.d.e.f.g.h[0]", `"deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": [1]}}}}}}}},`
			}
			r := New()
			newOther := func() any { return new(struct{ lossless.Extra }) }
			for i := 0; i < npaths; i++ {
				rule := Rule{All: []Cond{{Path: fmt.Sprintf("k%d", i), Op: Exists}}}
				switch i % 4 {
				case 1:
					rule.All = append(rule.All, Cond{Path: fmt.Sprintf("v%d", i%7), Op: Equals, Value: fmt.Sprint(i % 3)})
				case 2:
					rule.All = append(rule.All, Cond{Path: deep, Op: Absent})
				case 3:
					rule = Rule{Any: []Cond{{Path: fmt.Sprintf("k%d", i), Op: Exists}, {Path: fmt.Sprintf("w%d", i), Op: Contains, Value: "x"}}}
				}
				if err := r.Register(Source{ID: fmt.Sprintf("s.%d", i), New: newOther, Rule: rule, Priority: i % 5}); err != nil {
					t.Fatal(err)
				}
			}
			if snap := r.load(); snap.onStack != (npaths < 300) {
				t.Fatalf("%d paths, %d values: on the stack %v", len(snap.paths), snap.values, snap.onStack)
			}
			rnd := rand.New(rand.NewSource(int64(npaths)))
			for n := 0; n < 3000; n++ {
				var b strings.Builder
				b.WriteString("{")
				for m := rnd.Intn(6); m >= 0; m-- {
					switch rnd.Intn(5) {
					case 0:
						fmt.Fprintf(&b, `"k%d": true,`, rnd.Intn(npaths))
					case 1:
						fmt.Fprintf(&b, `"v%d": %d,`, rnd.Intn(7), rnd.Intn(3))
					case 2:
						fmt.Fprintf(&b, `"w%d": "a x\"y",`, rnd.Intn(npaths))
					case 3:
						b.WriteString(deepJSON)
					default:
						fmt.Fprintf(&b, `"v%d": "%d",`, rnd.Intn(7), rnd.Intn(3))
					}
				}
				b.WriteString(`"z": null}`)
				sameDetection(t, r, []byte(b.String()))
			}
			raw := []byte(`{"k1": true, "v1": 1, "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": [1]}}}}}}}}}`)
			if _, err := r.Detect(raw); err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(10, func() { _, _ = r.Detect(raw) }); n != 0 && !raceEnabled {
				t.Errorf("Detect: %v allocs", n)
			}
		})
	}
}

// TestDetectIndexRandom holds detection (bytes and map), which evaluates
// only the rules its index names, to detectLinear, which evaluates every
// rule, over random rules and events sharing a few paths and values: equal
// and prefix values (the index's keys), escaped strings, values that are
// not strings, rules whose All group holds only Absent conditions, ties.
func TestDetectIndexRandom(t *testing.T) {
	paths := []string{"a", "b", "c.d", "R[0].s", "R[0].t", "n"}
	values := []string{"x", "xy", "xyz", "y", "", "1", "true", `q"`}
	ops := []Op{Exists, Absent, Equals, Prefix, Contains}
	newOther := func() any { return new(struct{ lossless.Extra }) }
	rnd := rand.New(rand.NewSource(6))
	for round := 0; round < 200; round++ {
		r := New()
		for i := 0; i < 1+rnd.Intn(40); i++ {
			cond := func() Cond {
				c := Cond{Path: paths[rnd.Intn(len(paths))], Op: ops[rnd.Intn(len(ops))]}
				if c.Op != Exists && c.Op != Absent {
					c.Value = values[rnd.Intn(len(values))]
				}
				return c
			}
			var rule Rule
			for n := rnd.Intn(4); n > 0; n-- {
				rule.All = append(rule.All, cond())
			}
			for n := rnd.Intn(4); n > 0 || len(rule.All) == 0 && len(rule.Any) == 0; n-- {
				rule.Any = append(rule.Any, cond())
			}
			if err := r.Register(Source{ID: fmt.Sprintf("r.%d", i), New: newOther, Rule: rule, Priority: rnd.Intn(3)}); err != nil {
				t.Fatal(err)
			}
		}
		str := func() string {
			v := values[rnd.Intn(len(values))]
			if rnd.Intn(3) == 0 && strings.HasPrefix(v, "x") {
				return `"\u0078` + v[1:] + `"` // the same string, escaped
			}
			b, _ := json.Marshal(v)
			return string(b)
		}
		// Values tested are scalars: the literal text of a container,
		// which the bytes path compares, is not in a map.
		val := func() string {
			switch rnd.Intn(5) {
			case 0:
				return "1"
			case 1:
				return "true"
			case 2:
				return "null"
			}
			return str()
		}
		for n := 0; n < 50; n++ {
			var b strings.Builder
			b.WriteString("{")
			for _, k := range []string{"a", "b", "c", "R", "n"} {
				if rnd.Intn(2) == 0 {
					continue
				}
				switch k {
				case "c":
					if rnd.Intn(4) == 0 {
						b.WriteString(`"c": [1],`)
					} else {
						fmt.Fprintf(&b, `"c": {"d": %s},`, val())
					}
				case "R":
					fmt.Fprintf(&b, `"R": [{"s": %s, "t": %s}],`, val(), val())
				default:
					fmt.Fprintf(&b, `%q: %s,`, k, val())
				}
			}
			b.WriteString(`"z": 0}`)
			sameDetection(t, r, []byte(b.String()))
		}
	}
}

// sameDetection fails unless Detect of raw, DetectMap of its value and
// detectLinear agree: the same source, the same ambiguity, or no source
// with the same nearest one.
func sameDetection(t *testing.T, r *Registry, raw []byte) {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	want, werr := detectLinear(r, m)
	for name, detect := range map[string]func() (string, error){
		"Detect":    func() (string, error) { return r.Detect(raw) },
		"DetectMap": func() (string, error) { return r.DetectMap(m) },
	} {
		got, err := detect()
		var ae, wae *AmbiguousError
		var ue, wue *UnknownError
		switch {
		case errors.As(err, &ae) && errors.As(werr, &wae):
			if fmt.Sprint(ae.IDs) == fmt.Sprint(wae.IDs) && ae.Priority == wae.Priority {
				continue
			}
		case errors.As(err, &ue) && errors.As(werr, &wue):
			if ue.Nearest == wue.Nearest {
				continue
			}
		case got == want && err == nil && werr == nil:
			continue
		}
		var rules []string
		for _, s := range r.Sources() {
			rules = append(rules, fmt.Sprintf("%s %d: %s", s.ID, s.Priority, s.Rule))
		}
		t.Fatalf("%s: %s %q %v, every rule evaluated: %q %v\nrules:\n%s", raw, name, got, err, want, werr, strings.Join(rules, "\n"))
	}
}

// detectLinear is DetectMap as it was before the index: every rule is
// evaluated, in priority order, against the value at each path found by
// following its steps.
func detectLinear(r *Registry, m map[string]any) (string, error) {
	snap := r.load()
	src, err := pick(snap, mapDoc{m, snap.segs})
	if err != nil {
		return "", err
	}
	return src.ID, nil
}

// mapDoc reads values from decoded JSON (map[string]any, []any, ...) by
// following each path's steps.
type mapDoc struct {
	root any
	segs [][]jsonscan.Step
}

func (d mapDoc) has(path int) bool {
	_, ok := d.at(path)
	return ok
}

func (d mapDoc) value(path int) (string, bool, bool) {
	v, ok := d.at(path)
	if !ok {
		return "", false, false
	}
	text, isStr := render(v)
	return text, isStr, true
}

func (d mapDoc) at(path int) (any, bool) {
	v := d.root
	for _, s := range d.segs[path] {
		switch c := v.(type) {
		case map[string]any:
			x, ok := c[s.Key]
			if !ok || s.Index >= 0 {
				return nil, false
			}
			v = x
		case []any:
			if s.Index < 0 || s.Index >= len(c) {
				return nil, false
			}
			v = c[s.Index]
		default:
			return nil, false
		}
	}
	return v, true
}
