//go:build !race

package lossless_test

import (
	"testing"
	"unsafe"
)

// unsafeHuge returns a slice of length n over buf, which is shorter: only
// its length may be read. It tests size limits without allocating them.
// (The race detector's pointer checks refuse such a slice: see
// huge_race_test.go.)
func unsafeHuge(_ testing.TB, buf []byte, n int) []byte { return unsafe.Slice(&buf[0], n) }
