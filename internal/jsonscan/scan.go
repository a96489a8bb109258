package jsonscan

import (
	"math/bits"
	"strconv"
	"sync"
)

// This file holds the detection scanner: one pass over the raw bytes that
// validates the JSON structure and records, without allocating, which of
// the paths named by the rules are present (a bit set) and where the values
// of the first of them lie (those whose values rules test, which detection
// numbers first). Values nobody asked for are
// skipped: containers in a loop rather than by recursion, strings through a
// mask of the quotes of the next 64 bytes (see container), long ones with
// bytes.IndexByte at memory speed, whitespace eight bytes at a time or as
// the indentation seen last at that depth.

// MaxDepth bounds nesting, as hostile input may nest without end.
const MaxDepth = 10000

// Span is where a path's value lies in the input; End == 0 means absent
// when the spans were cleared before the scan.
type Span struct{ Start, End int32 }

// scanner walks one document. The decoders embed it for its primitives.
type Scanner struct {
	Data  []byte
	Pos   int
	Depth int
	// Spans receives the spans of the paths below len(Spans); paths are
	// numbered so that those whose values are wanted come first.
	Spans []Span
	Err   *SyntaxError
	// Present has bit p%64 of word p/64 set for each path p found; it is
	// as long as the trie needs (see [NewScanner]).
	Present []uint64
	// frames, if set, replaces the scanner's own array of frames of
	// containers on the trie, for tries taller than it.
	Frames []frame
}

// frame is an open container that has a trie Node.
type frame struct {
	n     *Node
	start int32 // where the container begins, for its span
	idx   int32 // the index of the current element of an array
}

func (s *Scanner) Fail(msg string) {
	if s.Err == nil {
		s.Err = &SyntaxError{Offset: int64(s.Pos), Msg: msg}
	}
}

// failAt records a syntax error at i.
func (s *Scanner) FailAt(i int, msg string) {
	s.Pos = i
	s.Fail(msg)
}

const (
	lsb        = 0x0101010101010101
	msb        = 0x8080808080808080
	spaceWord  = lsb * ' '
	quoteWord  = lsb * '"'
	bslashWord = lsb * '\\'
)

func (s *Scanner) WS() { s.Pos = SkipWS(s.Data, s.Pos) }

// SkipWS returns the index of the first byte from i that is not
// whitespace. Indentation, runs of spaces, is skipped eight bytes at a time.
func SkipWS(d []byte, i int) int {
	// Pretty printing: a newline, then indentation.
	if i < len(d) && d[i] == '\n' {
		i++
	}
	for i+8 <= len(d) {
		if x := Load64(d, i) ^ spaceWord; x != 0 {
			if i += bits.TrailingZeros64(x) >> 3; d[i] > ' ' {
				return i
			}
			break
		}
		i += 8
	}
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// Document scans a whole JSON text against the trie rooted at root,
// recording into s.Spans and s.Present.
func (s *Scanner) Document(root *Node) { s.DocumentInto(root, s.Spans, s.Present) }

// DocumentInto is Document recording the spans of the paths below
// len(spans) into spans, and the paths found into present (cleared by the
// caller), which the scanner does not keep: detection's may stay on its
// stack. present has a bit for every path of the trie.
func (s *Scanner) DocumentInto(root *Node, spans []Span, present []uint64) {
	s.WS()
	s.valueInto(root, spans, present)
	if s.Err != nil {
		return
	}
	s.WS()
	if s.Pos != len(s.Data) {
		s.Fail("unexpected data after the top-level value")
	}
}

// value scans one value; n is its trie Node, nil when nobody asked for it.
func (s *Scanner) Value(n *Node) { s.valueInto(n, s.Spans, s.Present) }

func (s *Scanner) valueInto(n *Node, spans []Span, present []uint64) {
	d, i := s.Data, s.Pos
	if i >= len(d) {
		s.Fail("unexpected end of input")
		return
	}
	end := -1
	switch c := d[i]; {
	case c == '"':
		if end = SkipStr(d, i); end < 0 {
			s.FailAt(len(d), "unterminated string")
			return
		}
	case c == '{' || c == '[':
		s.container(n, spans, present)
		return
	default:
		if end = s.scalar(d, i); end < 0 {
			return
		}
	}
	s.Pos = end
	if n != nil && n.path >= 0 {
		if p := n.path; p < len(spans) {
			spans[p] = Span{int32(i), int32(end)}
		}
		present[n.path>>6] |= 1 << (n.path & 63)
	}
}

// scalar scans a number or literal at i, returning its end, or -1 after
// recording the error.
func (s *Scanner) scalar(d []byte, i int) int {
	if end := scalarEnd(d, i); end >= 0 {
		return end
	}
	switch c := d[i]; {
	case c == '-' || c-'0' <= 9:
		end, _ := ScanNumber(d, i)
		s.FailAt(end, "invalid number")
	case c == 't':
		s.FailAt(i, "invalid literal, want true")
	case c == 'f':
		s.FailAt(i, "invalid literal, want false")
	case c == 'n':
		s.FailAt(i, "invalid literal, want null")
	default:
		s.FailAt(i, "invalid character "+strconv.QuoteRune(rune(c))+" looking for a value")
	}
	return -1
}

// reindent skips the whitespace at i that the indentation seen last at
// this depth did not predict, and remembers it in k.
func reindent(d []byte, i int, k *uint8) int {
	if i < len(d) && d[i] <= ' ' {
		j := SkipWS(d, i)
		*k = guess(j - i)
		return j
	}
	return i
}

const indentWord0 = spaceWord&^0xff | '\n'

// first16[k] selects the first k of sixteen bytes, in two words.
var first16 [17][2]uint64

func init() {
	for k := 0; k <= 16; k++ {
		if k >= 8 {
			first16[k] = [2]uint64{^uint64(0), ^uint64(0) >> (64 - 8*uint(k-8))}
		} else {
			first16[k][0] = ^uint64(0) >> (64 - 8*uint(k))
		}
	}
}

// indented reports whether d[i:] begins with k bytes of a newline and
// spaces, then a byte that is not whitespace (k > 0).
func indented(d []byte, i int, k uint8) bool {
	return k != 0 && i+17 <= len(d) && d[i+int(k)] > ' ' &&
		(Load64(d, i)^indentWord0)&first16[k][0]|(Load64(d, i+8)^spaceWord)&first16[k][1] == 0
}

// guess is what indented tries next after n bytes of whitespace: n, or 0
// for no guess.
func guess(n int) uint8 {
	if n > 16 {
		return 0
	}
	return uint8(n)
}

// deepKinds holds the container kinds of nesting deeper than a scanner's
// own array covers, which only hostile input reaches.
var deepKinds = sync.Pool{New: func() any { return new([MaxDepth/64 + 1]uint64) }}

// container scans the object or array at s.Pos and everything in it, n
// being its trie Node. It loops rather than recurses: a stack of frames
// holds the containers that have trie nodes (there are no deeper ones than
// the trie is tall), a bit per level tells arrays from objects.
//
// Strings are found through a window: the mask of the quotes of the next
// 64 bytes, whose bits are taken in order, so that finding the end of a
// string waits on no load nor on the whitespace before it. The positions
// the scanner reaches byte by byte only confirm them.
func (s *Scanner) container(n *Node, spans []Span, present []uint64) {
	var (
		framesBuf [8]frame
		kindsBuf  [4]uint64 // 256 levels; deeper ones borrow deepKinds
		deep      *[MaxDepth/64 + 1]uint64
	)
	d := s.Data
	frames, kinds := framesBuf[:], kindsBuf[:]
	if s.Frames != nil {
		frames = s.Frames
	}
	base := s.Depth
	var (
		i     = s.Pos
		depth = 0     // open containers
		g     = 0     // the outermost g of them have frames
		arr   = false // the innermost is an array
		start int
		end   int
		c     byte
		msg   string
		// By depth, the whitespace before the last member and before the
		// last closing bracket, if 1 to 16 bytes: pretty printing indents
		// alike, these are tried first.
		ind, closing [16]uint8

		// The window: bit k of qm is set when d[wb+k] is a quote not yet
		// taken.
		wb   = i
		qm   = quoteMask(d, i)
		q    int
		open int // the opening quote of the string being skipped
		ret  int // what to go on with after it: retValue, retName, retKey
	)
	const (
		retValue = iota
		retName
		retKey
	)

	// value: a value begins at i, n its trie Node.
value:
	if i >= len(d) {
		msg = "unexpected end of input"
		goto fail
	}
	start = i
	switch c = d[i]; c {
	case '"':
		// The fast path of str: the window holds the string.
		if qm != 0 && wb+bits.TrailingZeros64(qm) == i {
			if m := qm & (qm - 1); m != 0 {
				if q = wb + bits.TrailingZeros64(m); d[q-1] != '\\' {
					qm, i = m&(m-1), q+1
					goto valueEnd
				}
			}
		}
		open, ret = i, retValue
		goto str
	case '{', '[':
		if base+depth >= MaxDepth {
			msg = "nesting deeper than 10000"
			goto fail
		}
		if depth>>6 >= len(kinds) {
			deep = deepKinds.Get().(*[MaxDepth/64 + 1]uint64)
			copy(deep[:], kinds)
			kinds = deep[:]
		}
		arr = c == '['
		if arr {
			kinds[depth>>6] |= 1 << (depth & 63)
		} else {
			kinds[depth>>6] &^= 1 << (depth & 63)
		}
		depth++
		if n != nil {
			frames[g] = frame{n: n, start: int32(start)}
			g++
		}
		i++
		if k := ind[depth&15]; indented(d, i, k) {
			i += int(k)
		} else {
			i = reindent(d, i, &ind[depth&15])
		}
		if !arr {
			if i < len(d) && d[i] == '}' {
				i++
				goto closed
			}
			goto member
		}
		if i < len(d) && d[i] == ']' {
			i++
			goto closed
		}
		if n != nil {
			n = n.elem(0)
		}
		goto value
	default:
		if end = s.scalar(d, i); end < 0 {
			goto failed
		}
		i = end
	}
valueEnd:
	if n != nil && n.path >= 0 {
		if p := n.path; p < len(spans) {
			spans[p] = Span{int32(start), int32(i)}
		}
		present[n.path>>6] |= 1 << (n.path & 63)
	}

	// next: a value ended at i, inside the container at depth.
next:
	if depth == 0 {
		goto done
	}
	if i < len(d) && d[i] <= ' ' {
		// Before a closing bracket: as the last time at this depth?
		if k := closing[depth&15]; indented(d, i, k) {
			i += int(k)
		} else {
			j := i
			i = SkipWS(d, i)
			closing[depth&15] = guess(i - j)
		}
	}
	if i >= len(d) {
		if arr {
			msg = "unexpected end of input in an array"
		} else {
			msg = "unexpected end of input in an object"
		}
		goto fail
	}
	if c = d[i]; c == ',' {
		i++
		// Pretty printing indents the members of a container alike:
		// try the whitespace that followed the last comma at this depth.
		if k := ind[depth&15]; indented(d, i, k) {
			i += int(k)
		} else {
			i = reindent(d, i, &ind[depth&15])
		}
		if arr {
			n = nil
			if g == depth {
				f := &frames[g-1]
				f.idx++
				n = f.n.elem(int(f.idx))
			}
			goto value
		}
		goto member
	}
	if arr {
		if c == ']' {
			i++
			goto closed
		}
		msg = "expected ',' or ']' in an array"
		goto fail
	}
	if c == '}' {
		i++
		goto closed
	}
	msg = "expected ',' or '}' in an object"
	goto fail

	// closed: the container at depth closed, i after its bracket.
closed:
	if g == depth {
		g--
		if f := &frames[g]; f.n.path >= 0 {
			if p := f.n.path; p < len(spans) {
				spans[p] = Span{f.start, int32(i)}
			}
			present[f.n.path>>6] |= 1 << (f.n.path & 63)
		}
	}
	depth--
	if depth > 0 {
		arr = kinds[(depth-1)>>6]&(1<<((depth-1)&63)) != 0
	}
	goto next

	// member: a member name is expected at i, in the object at depth.
member:
	if i >= len(d) || d[i] != '"' {
		msg = "expected a member name"
		goto fail
	}
	n, open, ret = nil, i, retName
	if g == depth && len(frames[g-1].n.table) > 0 {
		ret = retKey
	}
	// The fast path of str: the window holds the name.
	if qm != 0 && wb+bits.TrailingZeros64(qm) == i {
		if m := qm & (qm - 1); m != 0 {
			if q = wb + bits.TrailingZeros64(m); d[q-1] != '\\' {
				qm, i, end = m&(m-1), q+1, q+1
				if ret == retKey {
					goto key
				}
				goto named
			}
		}
	}
	goto str

	// key: the name from open to end, in an object with a trie Node, gives
	// the Node of the value.
key:
	{
		p := frames[g-1].n
		if l := end - open - 2; l <= 16 && open+17 <= len(d) {
			// The key and the test for escapes from two words.
			w0 := Load64(d, open+1)
			w1 := Load64(d, open+9)
			y0, y1 := w0^bslashWord, w1^bslashWord
			keep := &first16[l]
			if ((y0-lsb)&^y0&keep[0]|(y1-lsb)&^y1&keep[1])&msb == 0 {
				if pre0, pre1 := w0&keep[0], w1&keep[1]; p.filter&nameBit(pre0, l) != 0 {
					// lookupKey, inlined: a call would spill every register.
					if s := &p.table[nameHash(pre0, pre1, l, p.seed)>>p.shift]; s.pre0 == pre0 && s.pre1 == pre1 && int(s.len) == l {
						n = p.children[s.idx]
					} else if p.probe && s.len >= 0 {
						n = p.lookupProbe(pre0, pre1, l, d, open+1)
					}
				}
				goto named
			}
		}
		if name := d[open+1 : end-1]; HasBackslash(name) {
			n = p.member(Unquote(name))
		} else {
			n = p.lookup(d, open+1, end-1)
		}
	}

named:
	// Pretty printing: ": " before the value.
	if i+2 < len(d) && d[i] == ':' && d[i+1] == ' ' && d[i+2] > ' ' {
		i += 2
		goto value
	}
	if i < len(d) && d[i] <= ' ' {
		i = SkipWS(d, i)
	}
	if i >= len(d) || d[i] != ':' {
		msg = "expected ':' after a member name"
		goto fail
	}
	i++
	if i < len(d) && d[i] <= ' ' {
		if d[i] == ' ' && i+1 < len(d) && d[i+1] > ' ' {
			i++
		} else {
			i = SkipWS(d, i)
		}
	}
	goto value

	// str: skips the string whose opening quote is at open, i = open,
	// setting i and end after its closing quote; goes on as ret says.
str:
	// The opening quote is the window's next, unless the window lost
	// track (after a string too long for it): then it starts anew.
	if qm != 0 && wb+bits.TrailingZeros64(qm) == open {
		qm &= qm - 1
	} else {
		wb, qm = open+1, quoteMask(d, open+1)
	}
strNext:
	if qm == 0 {
		// The string goes on past the window. The next window follows,
		// unless the next sixteen bytes hold no quote: then the string is
		// long, bytes.IndexByte is faster, and the window is made anew at
		// the next string.
		j := wb + 64
		if j+16 <= len(d) {
			x0 := Load64(d, j) ^ quoteWord
			x1 := Load64(d, j+8) ^ quoteWord
			if (x0-lsb)&^x0&msb|(x1-lsb)&^x1&msb == 0 {
				// Every quote before j+16 is escaped.
				if end = skipStrLong(d, open, j+16); end < 0 {
					i, msg = len(d), "unterminated string"
					goto fail
				}
				goto strDone
			}
		} else if j >= len(d) {
			i, msg = len(d), "unterminated string"
			goto fail
		}
		wb, qm = j, quoteMask(d, j)
		goto strNext
	}
	q = wb + bits.TrailingZeros64(qm)
	qm &= qm - 1
	if d[q-1] == '\\' {
		// The quote is escaped when an odd number of backslashes precede it.
		b := q - 1
		for b > open && d[b] == '\\' {
			b--
		}
		if (q-1-b)%2 != 0 {
			goto strNext
		}
	}
	end = q + 1
strDone:
	i = end
	switch ret {
	case retValue:
		goto valueEnd
	case retKey:
		goto key
	}
	goto named

fail:
	s.FailAt(i, msg)
failed:
	s.Depth = base + depth
	if deep != nil {
		deepKinds.Put(deep)
	}
	return

done:
	s.Pos, s.Depth = i, base
	if deep != nil {
		deepKinds.Put(deep)
	}
}

// NewScanner returns a scanner for a trie of the given number of paths
// and height, reusable with [Scanner.Reset], that records the spans of the
// first spans paths.
func NewScanner(paths, spans, height int) *Scanner {
	return &Scanner{Spans: make([]Span, spans), Present: make([]uint64, Words(paths)), Frames: make([]frame, height+1)}
}

// Words is the length of a Present bit set for the given number of paths.
func Words(paths int) int { return (paths + 63) / 64 }

// Reset readies the scanner for data, forgetting the last document.
func (s *Scanner) Reset(data []byte) {
	s.Data, s.Pos, s.Depth, s.Err = data, 0, 0, nil
	clear(s.Spans)
	clear(s.Present)
}

// StackHeight is the tallest trie a Scanner without Frames handles: its
// own frames hold StackHeight+1 levels.
const StackHeight = 7
