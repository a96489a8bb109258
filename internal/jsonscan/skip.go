package jsonscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// Skipping values without decoding them: strings through quote masks and
// bytes.IndexByte, numbers and literals by their grammar.

// quoteMask returns the mask of the quotes of d[p:p+64].
func quoteMask(d []byte, p int) uint64 {
	if p+64 <= len(d) {
		return blockQuotes((*[64]byte)(d[p : p+64]))
	}
	if p >= len(d) {
		return 0
	}
	if len(d) >= 64 {
		// The last 64 bytes, less those before p.
		return blockQuotes((*[64]byte)(d[len(d)-64:])) >> (p - (len(d) - 64))
	}
	var b [64]byte
	copy(b[:], d[p:])
	return blockQuotes(&b)
}

func blockQuotes(b *[64]byte) uint64 {
	return movemask(quotesIn(binary.LittleEndian.Uint64(b[0:8]))) |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[8:16])))<<8 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[16:24])))<<16 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[24:32])))<<24 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[32:40])))<<32 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[40:48])))<<40 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[48:56])))<<48 |
		movemask(quotesIn(binary.LittleEndian.Uint64(b[56:64])))<<56
}

// quotesIn sets the high bit of each byte of w that is a quote, exactly.
func quotesIn(w uint64) uint64 {
	const low7 = ^uint64(msb)
	t := w ^ quoteWord
	return ^(((t & low7) + low7) | t) & msb
}

// HasBackslash reports whether b holds a backslash.
func HasBackslash(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := Load64(b, i) ^ bslashWord
		if (x-lsb)&^x&msb != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] == '\\' {
			return true
		}
	}
	return false
}

// str skips a string, s.Pos at its opening quote. The contents are checked
// for escapes only, which is what finding the end needs; decoding checks the
// rest.
func (s *Scanner) Str() {
	if end := SkipStr(s.Data, s.Pos); end >= 0 {
		s.Pos = end
		return
	}
	s.FailAt(len(s.Data), "unterminated string")
}

// SkipStr returns the index after the closing quote of the string whose
// opening quote is at i, or -1 if it has none. Short strings, most of
// them, end within the first sixteen bytes, found eight at a time without
// a call.
func SkipStr(d []byte, i int) int {
	j := i + 1
	if j+16 <= len(d) {
		if q := quoteIn(d, j); q >= 0 {
			return strClose(d, i, q)
		}
		if q := quoteIn(d, j+8); q >= 0 {
			return strClose(d, i, q)
		}
		j += 16
	}
	return skipStrLong(d, i, j)
}

// quoteIn returns the index of the first quote among the eight bytes of d
// at j, or -1. The lowest byte flagged by (x-lsb)&^x&msb is always a zero
// byte of x, that is a quote: only the bytes above it may be flagged
// wrongly.
func quoteIn(d []byte, j int) int {
	x := Load64(d, j) ^ quoteWord
	if m := (x - lsb) &^ x & msb; m != 0 {
		return j + bits.TrailingZeros64(m)>>3
	}
	return -1
}

// strClose returns the index after the string whose opening quote is at
// open, q being the first quote after it: q itself when it is not escaped.
func strClose(d []byte, open, q int) int {
	if d[q-1] != '\\' {
		return q + 1
	}
	return skipStrLong(d, open, q)
}

// skipStrLong is SkipStr from i, the string's opening quote being at open
// and every quote before i escaped. It goes from quote to quote with
// bytes.IndexByte, at memory speed; where escaped quotes come thick (JSON
// text in a string), it turns to strBlocks.
func skipStrLong(d []byte, open, i int) int {
	escaped, from := 0, i
	for {
		q := bytes.IndexByte(d[i:], '"')
		if q < 0 {
			return -1
		}
		i += q
		// The quote is escaped when an odd number of backslashes precede it.
		b := i - 1
		for b > open && d[b] == '\\' {
			b--
		}
		if (i-1-b)%2 == 0 {
			return i + 1
		}
		i++
		// More than one escaped quote per 32 bytes: blocks are cheaper.
		if escaped++; escaped >= 4 && i-from < 32*escaped {
			end, found := strBlocks(d, i)
			if found {
				return end
			}
			i, escaped, from = end, 0, end
		}
	}
}

// strBlocks looks for the closing quote of a string from i, an unescaped
// position inside it, 64 bytes at a time: the masks of the quotes and
// backslashes of a block give the escaped bytes without a branch per byte
// (simdjson's method, with 8-byte words for vectors). It returns the index
// after the closing quote and true, or where to go on with skipStrLong and
// false: at the last partial block, or after 256 bytes without a quote.
func strBlocks(d []byte, i int) (int, bool) {
	var carry uint64 // 1 when the next block starts with an escaped byte
	quiet := 0
	for i+64 <= len(d) {
		blk := (*[64]byte)(d[i : i+64])
		q0, b0 := wordMasks(binary.LittleEndian.Uint64(blk[0:8]))
		q1, b1 := wordMasks(binary.LittleEndian.Uint64(blk[8:16]))
		q2, b2 := wordMasks(binary.LittleEndian.Uint64(blk[16:24]))
		q3, b3 := wordMasks(binary.LittleEndian.Uint64(blk[24:32]))
		q4, b4 := wordMasks(binary.LittleEndian.Uint64(blk[32:40]))
		q5, b5 := wordMasks(binary.LittleEndian.Uint64(blk[40:48]))
		q6, b6 := wordMasks(binary.LittleEndian.Uint64(blk[48:56]))
		q7, b7 := wordMasks(binary.LittleEndian.Uint64(blk[56:64]))
		quotes := movemask(q0) | movemask(q1)<<8 | movemask(q2)<<16 | movemask(q3)<<24 |
			movemask(q4)<<32 | movemask(q5)<<40 | movemask(q6)<<48 | movemask(q7)<<56
		slashes := movemask(b0) | movemask(b1)<<8 | movemask(b2)<<16 | movemask(b3)<<24 |
			movemask(b4)<<32 | movemask(b5)<<40 | movemask(b6)<<48 | movemask(b7)<<56
		escaped := findEscaped(slashes, &carry)
		if m := quotes &^ escaped; m != 0 {
			return i + bits.TrailingZeros64(m) + 1, true
		}
		i += 64
		if quotes != 0 {
			quiet = 0
		} else if quiet++; quiet == 4 {
			break
		}
	}
	return i, false
}

// wordMasks sets the high bit of each byte of w that is a quote, and of
// each that is a backslash, exactly.
func wordMasks(w uint64) (quotes, slashes uint64) {
	const low7 = ^uint64(msb)
	t := w ^ quoteWord
	quotes = ^(((t & low7) + low7) | t) & msb
	t = w ^ bslashWord
	slashes = ^(((t & low7) + low7) | t) & msb
	return
}

// movemask gathers the high bits of the 8 bytes of m into 8 bits: the
// products of the multiplication land on distinct bits, without carries.
func movemask(m uint64) uint64 {
	return ((m >> 7) * 0x0102040810204080) >> 56
}

// findEscaped returns the mask of bytes escaped by a backslash, given the
// mask of backslashes of a block; carry links consecutive blocks.
func findEscaped(backslash uint64, carry *uint64) uint64 {
	if backslash == 0 {
		e := *carry
		*carry = 0
		return e
	}
	backslash &^= *carry
	follows := backslash<<1 | *carry
	const even = 0x5555555555555555
	oddStarts := backslash &^ even &^ follows
	seq, over := bits.Add64(oddStarts, backslash, 0)
	*carry = over
	return (even ^ (seq << 1)) & follows
}

func (s *Scanner) Number() {
	end, ok := ScanNumber(s.Data, s.Pos)
	s.Pos = end
	if !ok {
		s.Fail("invalid number")
	}
}

// ScanNumber returns the end of the number at i, or where it is invalid
// and false.
func ScanNumber(d []byte, i int) (int, bool) {
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i]-'1' <= 8:
		i++
		for i < len(d) && d[i]-'0' <= 9 {
			i++
		}
	default:
		return i, false
	}
	if i < len(d) && d[i] == '.' {
		if j := digits(d, i+1); j > i+1 {
			i = j
		} else {
			return j, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if j := digits(d, i); j > i {
			i = j
		} else {
			return j, false
		}
	}
	return i, true
}

// digits returns the end of the run of digits at i.
func digits(d []byte, i int) int {
	for i < len(d) && d[i]-'0' <= 9 {
		i++
	}
	return i
}

func (s *Scanner) Literal(lit string) {
	if len(s.Data)-s.Pos < len(lit) || string(s.Data[s.Pos:s.Pos+len(lit)]) != lit {
		s.Fail("invalid literal, want " + lit)
		return
	}
	s.Pos += len(lit)
}

// Unquote decodes the escapes of a string's contents. It allocates, and
// is only used for the rare member name or compared value holding escapes.
func Unquote(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			out = append(out, c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(-1)
			if i+4 < len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+1:i+5]), 16, 32); err == nil {
					r = rune(v)
					i += 4
				}
			}
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
				if v, err := strconv.ParseUint(string(raw[i+3:i+7]), 16, 32); err == nil && v >= 0xDC00 && v < 0xE000 {
					r = (r-0xD800)<<10 + (rune(v) - 0xDC00) + 0x10000
					i += 6
				}
			}
			if r < 0 || (r >= 0xD800 && r < 0xE000) {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default:
			out = append(out, raw[i])
		}
	}
	return out
}
