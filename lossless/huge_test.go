package lossless_test

import "unsafe"

// unsafeHuge returns a slice of length n over buf, which is shorter: only
// its length may be read. It tests size limits without allocating them.
func unsafeHuge(buf []byte, n int) []byte { return unsafe.Slice(&buf[0], n) }
