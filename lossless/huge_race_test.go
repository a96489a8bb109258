//go:build race

package lossless_test

import "testing"

// unsafeHuge skips the test under the race detector, whose pointer checks
// (checkptr) refuse a slice longer than its memory; see huge_test.go.
func unsafeHuge(t testing.TB, _ []byte, _ int) []byte {
	t.Skip("a slice longer than its memory: checkptr refuses it under -race")
	return nil
}
