package registry

import (
	"encoding/binary"
	"math/bits"
	"os"
	"path/filepath"
	"testing"
)

func chainSWAR(d []byte) int {
	n := 0
	i := 0
	for i+16 <= len(d) {
		x0 := binary.LittleEndian.Uint64(d[i:]) ^ quoteWord
		m0 := (x0 - lsb) &^ x0 & msb
		if m0 != 0 {
			i += bits.TrailingZeros64(m0)>>3 + 1
			n++
			continue
		}
		x1 := binary.LittleEndian.Uint64(d[i+8:]) ^ quoteWord
		m1 := (x1 - lsb) &^ x1 & msb
		if m1 != 0 {
			i += 8 + bits.TrailingZeros64(m1)>>3 + 1
			n++
			continue
		}
		i += 16
	}
	return n
}

func blockMask(b *[64]byte) uint64 {
	var m uint64
	for k := 0; k < 8; k++ {
		x := binary.LittleEndian.Uint64(b[k*8:]) ^ quoteWord
		m |= movemask((x-lsb)&^x&msb) << (8 * k)
	}
	return m
}

func chainWindow(d []byte) int {
	n := 0
	for base := 0; base+64 <= len(d); base += 64 {
		m := blockMask((*[64]byte)(d[base : base+64]))
		for m != 0 {
			q := base + bits.TrailingZeros64(m)
			m &= m - 1
			if d[q] == '"' {
				n++
			}
		}
	}
	return n
}

func BenchmarkExpChain(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "events", "powertools")
	for _, e := range benchSamples[:5] {
		raw, _ := os.ReadFile(filepath.Join(dir, e.file))
		b.Run("swar/"+e.name, func(b *testing.B) {
			for b.Loop() {
				chainSWAR(raw)
			}
		})
		b.Run("window/"+e.name, func(b *testing.B) {
			for b.Loop() {
				chainWindow(raw)
			}
		})
		b.Run("skip/"+e.name, func(b *testing.B) {
			for b.Loop() {
				s := scanner{data: raw}
				s.documentInto(nil, nil)
			}
		})
	}
}
