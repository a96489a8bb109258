package plugins

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/evplugin/evplugin/registry"
)

func doc(b *testing.B) []byte {
	raw, _ := os.ReadFile("/tmp/doc.json")
	return raw
}

func BenchmarkTmpStd(b *testing.B) {
	d := doc(b)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		if _, err := decodeObject(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTmpRegistry(b *testing.B) {
	d := doc(b)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		var m map[string]any
		if err := registry.Unmarshal(d, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTmpValid(b *testing.B) {
	d := doc(b)
	for b.Loop() {
		json.Valid(d)
	}
}

func BenchmarkTmpJSONText(b *testing.B) {
	d := doc(b)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		if _, err := fastObject(d); err != nil {
			b.Fatal(err)
		}
	}
}
