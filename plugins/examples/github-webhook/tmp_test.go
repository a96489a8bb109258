package main

import (
	"os"
	"testing"
)

func BenchmarkTmpPluginDecode(b *testing.B) {
	raw, _ := os.ReadFile("../../../testdata/events/github.webhook/http-api-pull-request.json")
	d, _ := decode(raw, "evplugin-test-secret")
	os.WriteFile("/tmp/doc.json", d, 0o644)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		decode(raw, "evplugin-test-secret")
	}
}
