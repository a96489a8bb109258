package all_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// TestDecodeMatch holds Registry.DecodeMatch, which checks a source's rule
// against the event it decoded, to Match then DecodeAs on the bytes: the
// same event or the same error, for every payload of every source decoded
// as every source, and for variants of each payload, decoded as its
// source, where a path of the source's rule is removed, null, or of
// another value or kind.
func TestDecodeMatch(t *testing.T) {
	reg := registry.Default
	srcs := reg.Sources()
	type doc struct {
		raw []byte
		as  []registry.Source // the sources to decode it as
	}
	var docs []doc
	for _, id := range registeredIDs() {
		src, err := reg.Lookup(id)
		require.NoError(t, err)
		payloads := sourcetest.Payloads(t, id, table[id].reference...)
		for _, name := range sourcetest.Sorted(payloads) {
			raw := payloads[name]
			docs = append(docs, doc{raw, srcs})
			for _, v := range ruleVariants(t, src.Rule, raw) {
				docs = append(docs, doc{v, []registry.Source{src}})
			}
		}
	}
	fast := 0
	for _, d := range docs {
		raw := d.raw
		for _, s := range d.as {
			merr := reg.Match(s.ID, raw)
			want, derr := reg.DecodeAs(s.ID, raw)
			got, err := reg.DecodeMatch(s.ID, raw)
			switch {
			case merr != nil:
				assert.EqualError(t, err, merr.Error(), "%s: %s", s.ID, raw)
			case derr != nil:
				assert.EqualError(t, err, derr.Error(), "%s: %s", s.ID, raw)
			default:
				if assert.NoError(t, err, "%s: %s", s.ID, raw) {
					assert.Equal(t, want, got, "%s: %s", s.ID, raw)
					fast++
				}
			}
		}
	}
	t.Logf("%d documents, %d sources, %d decoded", len(docs), len(srcs), fast)
}

// ruleVariants returns raw with each path of the rule removed, null, a
// string, a number, an object and an array, where raw is an object along
// the path.
func ruleVariants(t *testing.T, rule registry.Rule, raw []byte) [][]byte {
	var out [][]byte
	for _, c := range append(rule.All[:len(rule.All):len(rule.All)], rule.Any...) {
		steps, err := jsonscan.ParsePath(c.Path)
		require.NoError(t, err)
		for _, v := range []any{nil, "x", c.Value, json.Number("1"), map[string]any{}, []any{}, "remove"} {
			var doc any
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			if d.Decode(&doc) != nil {
				continue
			}
			if set(doc, steps, v) {
				b, err := json.Marshal(doc)
				require.NoError(t, err)
				out = append(out, b)
			}
		}
	}
	return out
}

// set sets (or removes, for "remove") the value at steps in doc.
func set(doc any, steps []jsonscan.Step, v any) bool {
	for i, s := range steps {
		last := i == len(steps)-1
		switch c := doc.(type) {
		case map[string]any:
			if s.Index >= 0 {
				return false
			}
			if last {
				if v == "remove" {
					delete(c, s.Key)
				} else {
					c[s.Key] = v
				}
				return true
			}
			doc = c[s.Key]
		case []any:
			if s.Index < 0 || s.Index >= len(c) {
				return false
			}
			if last {
				if v == "remove" {
					return false
				}
				c[s.Index] = v
				return true
			}
			doc = c[s.Index]
		default:
			return false
		}
	}
	panic("empty path")
}
