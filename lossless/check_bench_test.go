package lossless_test

import (
	"reflect"
	"testing"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
)

// BenchmarkCheckAll is what registering every built-in source costs in
// lossless.Check, caches cold, as at init.
func BenchmarkCheckAll(b *testing.B) {
	var types []reflect.Type
	for _, s := range registry.Default.Sources() {
		types = append(types, reflect.TypeOf(s.New()))
	}
	b.ReportAllocs()
	for b.Loop() {
		lossless.ResetCaches()
		for _, t := range types {
			if err := lossless.Check(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}
