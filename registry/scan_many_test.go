package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/evplugin/evplugin/lossless"
)

// TestDetectManyPaths runs detection with more paths than detect keeps on
// its stack (32) and than the masks of pickBytes cover (64), and with a
// trie taller than the scanner's own frames, against DetectMap.
func TestDetectManyPaths(t *testing.T) {
	for _, npaths := range []int{8, 40, 70} {
		t.Run(fmt.Sprint(npaths), func(t *testing.T) {
			r := New()
			newOther := func() any { return new(struct{ lossless.Extra }) }
			for i := 0; i < npaths; i++ {
				rule := Rule{All: []Cond{{Path: fmt.Sprintf("k%d", i), Op: Exists}}}
				switch i % 4 {
				case 1:
					rule.All = append(rule.All, Cond{Path: fmt.Sprintf("v%d", i%7), Op: Equals, Value: fmt.Sprint(i % 3)})
				case 2:
					rule.All = append(rule.All, Cond{Path: "deep.a.b.c.d.e.f.g.h[0]", Op: Absent})
				case 3:
					rule = Rule{Any: []Cond{{Path: fmt.Sprintf("k%d", i), Op: Exists}, {Path: fmt.Sprintf("w%d", i), Op: Contains, Value: "x"}}}
				}
				if err := r.Register(Source{ID: fmt.Sprintf("s.%d", i), New: newOther, Rule: rule, Priority: i % 5}); err != nil {
					t.Fatal(err)
				}
			}
			snap := r.load()
			if npaths > 32 && len(snap.paths) <= stackSpans {
				t.Fatalf("%d paths", len(snap.paths))
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
						b.WriteString(`"deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": [1]}}}}}}}},`)
					default:
						fmt.Fprintf(&b, `"v%d": "%d",`, rnd.Intn(7), rnd.Intn(3))
					}
				}
				b.WriteString(`"z": null}`)
				raw := []byte(b.String())
				id, err := r.Detect(raw)
				var m map[string]any
				dec := json.NewDecoder(strings.NewReader(b.String()))
				dec.UseNumber()
				if err := dec.Decode(&m); err != nil {
					t.Fatal(err)
				}
				mid, merr := r.DetectMap(m)
				var ae, mae *AmbiguousError
				switch {
				case errors.As(err, &ae) && errors.As(merr, &mae):
					if fmt.Sprint(ae.IDs) != fmt.Sprint(mae.IDs) || ae.Priority != mae.Priority {
						t.Fatalf("%s: %v, map %v", raw, err, merr)
					}
				case id != mid || (err == nil) != (merr == nil):
					t.Fatalf("%s: %q %v, map %q %v", raw, id, err, mid, merr)
				}
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
