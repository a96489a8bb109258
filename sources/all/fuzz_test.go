package all_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/lossless/refcodec"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
)

// FuzzDecode feeds mutated events to every built-in source: decoding never
// panics, and whatever decodes marshals back to JSON equal to its input,
// numbers digit for digit, by the map path as by the bytes path; the
// printer, which recovers from panics, never has to. The compiled decoder
// accepts exactly what the reference codec (lossless/refcodec, on
// go-json-experiment) accepts, with an equal value.
func FuzzDecode(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("..", "..", "testdata", "events", "aws.*", "*.json"))
	if err != nil || len(seeds) == 0 {
		f.Fatal("no seeds", err)
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		id, err := registry.Default.Detect(raw)
		if err != nil {
			return
		}
		src, err := registry.Default.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		v, err := registry.Default.DecodeAs(id, raw)
		ref := src.New()
		refErr := refcodec.Unmarshal(raw, ref)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("%s: compiled decoder: %v; reference codec: %v; input %s", id, err, refErr, raw)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(v, ref) {
			t.Fatalf("%s: the compiled decoder and the reference codec decode %s differently", id, raw)
		}
		if out := printer.Sprint(v); strings.HasPrefix(out, `"`+printer.Panicked) {
			t.Fatalf("the printer panicked: %s", out)
		}
		out, err := lossless.Marshal(v)
		if err != nil {
			t.Fatalf("decoded, but does not marshal: %v", err)
		}
		in, back := useNumber(t, raw), useNumber(t, out)
		if !reflect.DeepEqual(in, back) {
			t.Fatalf("round trip differs:\n in: %s\nout: %s", raw, out)
		}
		if m, ok := in.(map[string]any); ok {
			fromMap, err := registry.Default.DecodeMap(m)
			if err != nil {
				t.Fatalf("bytes path decodes, map path fails: %v", err)
			}
			if !reflect.DeepEqual(v, fromMap) {
				t.Fatalf("bytes and map paths differ for %s", raw)
			}
		}
	})
}

func useNumber(t *testing.T, b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}
