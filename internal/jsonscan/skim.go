package jsonscan

import "math/bits"

// Skimming: detection's scan, which reads only what lies on the trie's
// paths and skips every other value by its strings and brackets.

// Skim scans the JSON text d along the trie rooted at root, recording, as
// [Scanner.DocumentInto] does, the spans of the paths below len(spans) and
// a bit in present for each path found (both cleared by the caller). For
// valid JSON it records exactly what DocumentInto records.
//
// It validates what it walks: the objects and arrays that have a trie Node
// (their brackets, member names, colons and commas), the scalars in them,
// and what follows the top-level value. It skips the rest without
// validating it: a value no path names, or the elements of an array after
// the last one a path names, are passed over by finding the ends of their
// strings (backslashes before a quote counted) and counting their brackets,
// of either kind, outside strings. So it returns a [*SyntaxError] for
// invalid JSON on the paths it walks, nesting deeper than [MaxDepth]
// anywhere, a string or a bracket left open, and may return nil for
// invalid JSON inside a skipped value (a bad literal, a missing comma, a
// ']' closing a '{'). Memory and time are bounded whatever the input: it
// recurses only along the trie, and allocates only for member names
// holding escapes.
func Skim(d []byte, root *Node, spans []Span, present []uint64) *SyntaxError {
	k := skimmer{d: d, spans: spans, present: present}
	i := k.value(root, SkipWS(d, 0), 0)
	if i < 0 {
		if k.msg == errScalar {
			return scalarError(d, k.at)
		}
		return &SyntaxError{Offset: int64(k.at), Msg: skimErrors[k.msg]}
	}
	if i = SkipWS(d, i); i != len(d) {
		return &SyntaxError{Offset: int64(i), Msg: "unexpected data after the top-level value"}
	}
	return nil
}

type skimmer struct {
	d       []byte
	spans   []Span
	present []uint64
	// The error: its offset and message. A pointer here, even a string,
	// would make the slices above escape.
	at  int
	msg skimError
}

type skimError uint8

const (
	errNone   skimError = iota
	errScalar           // the message is Scanner's
	errEnd
	errEndObject
	errEndArray
	errString
	errDeep
	errName
	errColon
	errObject
	errArray
)

var skimErrors = [...]string{
	errEnd:       "unexpected end of input",
	errEndObject: "unexpected end of input in an object",
	errEndArray:  "unexpected end of input in an array",
	errString:    "unterminated string",
	errDeep:      "nesting deeper than 10000",
	errName:      "expected a member name",
	errColon:     "expected ':' after a member name",
	errObject:    "expected ',' or '}' in an object",
	errArray:     "expected ',' or ']' in an array",
}

// fail records a syntax error at i and returns -1.
func (k *skimmer) fail(i int, msg skimError) int {
	k.at, k.msg = i, msg
	return -1
}

// record records the value d[a:b] of the path of n, if any.
func (k *skimmer) record(n *Node, a, b int) {
	if n != nil && n.path >= 0 {
		if p := n.path; p < len(k.spans) {
			k.spans[p] = Span{int32(a), int32(b)}
		}
		k.present[n.path>>6] |= 1 << (n.path & 63)
	}
}

// value scans the value at i, depth containers deep, whose trie Node is n
// (nil when no path names it), and returns its end, or -1 after recording
// the error.
func (k *skimmer) value(n *Node, i, depth int) int {
	d := k.d
	if i >= len(d) {
		return k.fail(i, errEnd)
	}
	var end int
	switch c := d[i]; c {
	case '"':
		if end = strEnd(d, i); end < 0 {
			return k.fail(len(d), errString)
		}
	case '{', '[':
		if depth >= MaxDepth {
			return k.fail(i, errDeep)
		}
		switch {
		case n == nil:
			return k.skip(i+1, depth+1, 1)
		case c == '{' && len(n.table) > 0:
			end = k.object(n, i, depth)
		case c == '[' && len(n.elems) > 0:
			end = k.array(n, i, depth)
		default:
			end = k.skip(i+1, depth+1, 1)
		}
		if end < 0 {
			return -1
		}
	default:
		if end = scalarEnd(d, i); end < 0 {
			return k.fail(i, errScalar)
		}
	}
	k.record(n, i, end)
	return end
}

// object scans the object at i, whose trie Node n has member names.
func (k *skimmer) object(n *Node, i, depth int) int {
	d := k.d
	if i = ws(d, i+1); i < len(d) && d[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(d) || d[i] != '"' {
			return k.fail(i, errName)
		}
		var child *Node
		if child, i = n.name(d, i); i < 0 {
			return k.fail(len(d), errString)
		}
		// Pretty printing: ": " before the value.
		if i+2 < len(d) && d[i] == ':' && d[i+1] == ' ' && d[i+2] > ' ' {
			i += 2
		} else {
			if i = ws(d, i); i >= len(d) || d[i] != ':' {
				return k.fail(i, errColon)
			}
			i = ws(d, i+1)
		}
		if i = k.value(child, i, depth+1); i < 0 {
			return -1
		}
		if i = ws(d, i); i >= len(d) {
			return k.fail(i, errEndObject)
		}
		switch d[i] {
		case ',':
			i = ws(d, i+1)
		case '}':
			return i + 1
		default:
			return k.fail(i, errObject)
		}
	}
}

// array scans the array at i, whose trie Node n has elements; after the
// last of them it skips the rest.
func (k *skimmer) array(n *Node, i, depth int) int {
	d := k.d
	if i = ws(d, i+1); i < len(d) && d[i] == ']' {
		return i + 1
	}
	for idx := 0; ; {
		if i = k.value(n.elems[idx], i, depth+1); i < 0 {
			return -1
		}
		if i = ws(d, i); i >= len(d) {
			return k.fail(i, errEndArray)
		}
		switch d[i] {
		case ',':
			if idx++; idx >= len(n.elems) {
				// No path names a later element.
				return k.skip(i+1, depth+1, 1)
			}
			i = ws(d, i+1)
		case ']':
			return i + 1
		default:
			return k.fail(i, errArray)
		}
	}
}

// ws skips the whitespace at i, if any.
func ws(d []byte, i int) int {
	if i < len(d) && d[i] <= ' ' {
		return SkipWS(d, i)
	}
	return i
}

const (
	// A byte b is a bracket, or one of 'Y', '_', 'y' and DEL, when
	// b&bracketMask == bracketBits: those differ from "{}[]" in bits 5, 2
	// and 1 only, and none of the others appears between the strings of
	// valid JSON.
	bracketMask = lsb * 0xD9
	bracketBits = lsb * 0x59
)

// skip is skipIn, recording its error.
func (k *skimmer) skip(i, depth, open int) int {
	end, code := skipIn(k.d, i, depth, open)
	if code != 0 {
		return k.fail(end, code)
	}
	return end
}

// skipIn passes over the rest of open containers whose contents start at
// i, depth being the nesting there, and returns the index after the
// bracket that closes the outermost of them; or else where the input is
// invalid and why. It looks for quotes and brackets eight bytes at a time,
// passes over strings with strEnd, and counts brackets of either kind.
func skipIn(d []byte, i, depth, open int) (int, skimError) {
	for {
		for ; i+8 <= len(d); i += 8 {
			w := Load64(d, i)
			q, b := w^quoteWord, w&bracketMask^bracketBits
			// The lowest byte flagged is exact (see SkipStr), in either.
			if m := ((q-lsb)&^q | (b-lsb)&^b) & msb; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				goto found
			}
		}
		for ; i < len(d); i++ {
			if c := d[i]; c == '"' || c&0xD9 == 0x59 {
				goto found
			}
		}
		return len(d), errEnd
	found:
		switch d[i] {
		case '"':
			if i = strEnd(d, i); i < 0 {
				return len(d), errString
			}
		case '{', '[':
			if depth >= MaxDepth {
				return i, errDeep
			}
			depth++
			open++
			i++
		case '}', ']':
			depth--
			i++
			if open--; open == 0 {
				return i, 0
			}
		default:
			i++
		}
	}
}

// strEnd is SkipStr looking eight bytes at a time through the first 64
// bytes of the string before it turns to bytes.IndexByte.
func strEnd(d []byte, i int) int {
	j := i + 1
	for lim := min(j+64, len(d)-8); j <= lim; j += 8 {
		if q := quoteIn(d, j); q >= 0 {
			return strClose(d, i, q)
		}
	}
	return skipStrLong(d, i, j)
}

// name reads the member name whose opening quote is at i and returns the
// Node of the value, nil if none, and the index after the closing quote,
// or -1 if there is none. n has member names.
func (n *Node) name(d []byte, i int) (*Node, int) {
	if i+17 <= len(d) {
		// A short name and its test for escapes from two words, which
		// are also the key of the hash table.
		w0, w1 := Load64(d, i+1), Load64(d, i+9)
		l := 16
		if x := w0 ^ quoteWord; (x-lsb)&^x&msb != 0 {
			l = bits.TrailingZeros64((x-lsb)&^x&msb) >> 3
		} else if x := w1 ^ quoteWord; (x-lsb)&^x&msb != 0 {
			l = 8 + bits.TrailingZeros64((x-lsb)&^x&msb)>>3
		}
		if l < 16 {
			keep := &first16[l]
			y0, y1 := w0^bslashWord, w1^bslashWord
			if ((y0-lsb)&^y0&keep[0]|(y1-lsb)&^y1&keep[1])&msb == 0 {
				end := i + l + 2
				pre0, pre1 := w0&keep[0], w1&keep[1]
				if n.filter&nameBit(pre0, l) == 0 {
					return nil, end
				}
				if s := &n.table[nameHash(pre0, pre1, l, n.seed)>>n.shift]; s.pre0 == pre0 && s.pre1 == pre1 && int(s.len) == l {
					return n.children[s.idx], end
				} else if n.probe && s.len >= 0 {
					return n.lookupProbe(pre0, pre1, l, d, i+1), end
				}
				return nil, end
			}
		}
	}
	end := SkipStr(d, i)
	if end < 0 {
		return nil, -1
	}
	if name := d[i+1 : end-1]; HasBackslash(name) {
		return n.member(Unquote(name)), end
	}
	return n.lookup(d, i+1, end-1), end
}

// scalarEnd returns the end of the number or literal at i, or -1 if it is
// invalid.
func scalarEnd(d []byte, i int) int {
	switch c := d[i]; {
	case c == '-' || c-'0' <= 9:
		if end, ok := ScanNumber(d, i); ok {
			return end
		}
	case c == 't':
		if i+4 <= len(d) && string(d[i:i+4]) == "true" {
			return i + 4
		}
	case c == 'f':
		if i+5 <= len(d) && string(d[i:i+5]) == "false" {
			return i + 5
		}
	case c == 'n':
		if i+4 <= len(d) && string(d[i:i+4]) == "null" {
			return i + 4
		}
	}
	return -1
}

// scalarError is the error of the invalid scalar at i, as Scanner reports
// it.
func scalarError(d []byte, i int) *SyntaxError {
	var s Scanner
	s.scalar(d, i)
	return s.Err
}
