package lossless

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Strings: found with bytes.IndexByte, checked eight bytes at a time, and
// unescaped run by run when they hold escapes.

// Large documents: a decoded value should keep alive only what it holds,
// not a copy of the whole document, of which a batch of escaped bodies
// (each unescaped into a string of its own) or the parts a caller drops
// would be most. Above wholeCopyMax bytes, the strings without escapes
// that the value keeps are copied out of d.src into an arena; member names
// used only to find a field are not. Below it, one copy of the document
// costs less time than copying string by string, and little memory.
const (
	wholeCopyMax = 64 << 10
	// The arena's blocks double from arenaMin to arenaMax bytes, so a
	// value keeping little gets small blocks.
	arenaMin, arenaMax = 1 << 10, 64 << 10
	// arenaOwn: strings this long get an allocation of their own, so a
	// full block wastes less than this at its end.
	arenaOwn = 4 << 10
)

// arena holds copies of strings, appended to one block at a time; a
// strings.Builder never changes bytes it has written, so the strings
// sliced from it stay valid as it grows within its capacity.
type arena struct{ b strings.Builder }

func (a *arena) copy(s string) string {
	if len(s) >= arenaOwn {
		return strings.Clone(s)
	}
	if c := a.b.Cap(); c-a.b.Len() < len(s) {
		a.b = strings.Builder{}
		a.b.Grow(min(max(2*c, arenaMin), arenaMax))
	}
	n := a.b.Len()
	a.b.WriteString(s)
	return a.b.String()[n:]
}

// own returns s, a string the decoded value keeps: in a large document, a
// copy that does not keep d.src alive.
func (d *decoder) own(s string) string {
	if d.large {
		return d.arena.copy(s)
	}
	return s
}

// str2 decodes the string at d.Pos, a value the decoded value keeps.
func (d *decoder) str2() (string, error) { return d.str(true) }

// key decodes the member name at d.Pos, to look up; whoever keeps it
// calls own.
func (d *decoder) key() (string, error) { return d.str(false) }

func (d *decoder) str(keep bool) (string, error) {
	start := d.Pos + 1
	if q := bytes.IndexByte(d.Data[start:], '"'); q >= 0 {
		seg := d.Data[start : start+q]
		if bytes.IndexByte(seg, '\\') < 0 {
			if !plainText(seg) {
				d.Pos = start
				return "", d.syntax("invalid character in a string (control character or invalid UTF-8)")
			}
			d.Pos = start + q + 1
			if keep && d.large {
				return d.arena.copy(d.src[start : start+q]), nil
			}
			return d.src[start : start+q], nil
		}
	}
	return d.unescape(start)
}

// unescape decodes a string holding escapes, from the byte after its
// opening quote: the scanner finds its end, then the runs between escapes
// are checked and copied whole.
func (d *decoder) unescape(start int) (string, error) {
	d.Pos = start - 1
	d.Str()
	if d.Err != nil {
		return "", d.Err
	}
	end := d.Pos - 1 // the closing quote
	data := d.Data[:end]
	var out strings.Builder
	out.Grow(end - start)
	for i := start; i < end; {
		j := bytes.IndexByte(data[i:], '\\')
		if j < 0 {
			j = end - i
		}
		if !plainText(data[i : i+j]) {
			d.Pos = i
			return "", d.syntax("invalid character in a string (control character or invalid UTF-8)")
		}
		out.Write(data[i : i+j])
		if i += j; i >= end {
			break
		}
		// data[i] is a backslash; the scanner saw that an escape follows.
		switch e := data[i+1]; e {
		case '"', '\\', '/':
			out.WriteByte(e)
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			r, n := hex4(data[i+2:])
			if n < 0 {
				d.Pos = i
				return "", d.syntax("invalid \\u escape")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(data) > i+3 && data[i+2] == '\\' && data[i+3] == 'u' {
					r2, _ = hex4(data[i+4:])
				}
				dec := utf16.DecodeRune(r, r2)
				if dec == utf8.RuneError {
					// encoding/json would write U+FFFD and lose it.
					d.Pos = i - 4
					return "", d.syntax("a lone surrogate " + string(data[i-4:i+2]) + " cannot be kept exactly")
				}
				r = dec
				i += 6
			}
			out.WriteRune(r)
		default:
			d.Pos = i
			return "", d.syntax("invalid escape in a string")
		}
		i += 2
	}
	return out.String(), nil
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, -1
		}
		r = r<<4 | rune(c)
	}
	return r, 4
}

// plainText reports whether a string's contents (without escapes) are
// valid: no control characters, valid UTF-8. ASCII goes eight bytes at a
// time.
func plainText(b []byte) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		// A byte below 0x20, or any byte with the high bit (non-ASCII).
		if ((x-lo*0x20)&^x)&hi != 0 || x&hi != 0 {
			return utf8.Valid(b[i:]) && noControl(b[i:])
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 || b[i] >= utf8.RuneSelf {
			return utf8.Valid(b[i:]) && noControl(b[i:])
		}
	}
	return true
}

func noControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return false
		}
	}
	return true
}
