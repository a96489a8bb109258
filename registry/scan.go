package registry

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
	"sync"
	"unicode/utf8"
)

// This file holds the detection scanner: one pass over the raw bytes that
// validates the JSON structure and records, without allocating, where the
// values of the paths named by the rules are. Values nobody asked for are
// skipped: containers without recursion, strings eight bytes at a time, or
// with bytes.IndexByte at memory speed when long, or 64 bytes at a time
// when dense with escaped quotes (JSON text inside a string).

// maxDepth bounds nesting, as hostile input may nest without end.
const maxDepth = 10000

// node is one step of the path trie compiled from every rule's paths.
type node struct {
	names    []string // member names that lead somewhere
	children []*node  // parallel to names
	elems    []*node  // elems[i] is the node for array index i, or nil
	path     int      // the path ending here, or -1

	// Set by finish: a hash table of the names, keyed by their length and
	// first sixteen bytes, so that a lookup rarely compares strings.
	table []slot // open addressing, a power of two long
	shift uint   // 64 - log2(len(table))
}

type slot struct {
	pre0, pre1 uint64 // the first sixteen bytes of the name, zero padded
	len        int    // of the name; -1 for an empty slot
	child      *node
	name       string
}

// member finds the child of a member name by comparing strings; compile
// uses it, and the scanner for the rare name holding escapes.
func (n *node) member(name []byte) *node {
	for i, k := range n.names {
		if len(k) == len(name) && k == string(name) {
			return n.children[i]
		}
	}
	return nil
}

// insert adds a path to the trie and returns its ID.
func (n *node) insert(segs []segment, paths *[]string, text string) int {
	cur := n
	for _, s := range segs {
		var next *node
		if s.index >= 0 {
			for len(cur.elems) <= s.index {
				cur.elems = append(cur.elems, nil)
			}
			if cur.elems[s.index] == nil {
				cur.elems[s.index] = &node{path: -1}
			}
			next = cur.elems[s.index]
		} else {
			if next = cur.member([]byte(s.key)); next == nil {
				next = &node{path: -1}
				cur.names = append(cur.names, s.key)
				cur.children = append(cur.children, next)
			}
		}
		cur = next
	}
	if cur.path < 0 {
		cur.path = len(*paths)
		*paths = append(*paths, text)
	}
	return cur.path
}

// finish builds the lookup tables of n and its descendants, once every
// path is inserted, and returns the height of the trie below n (0 for a
// leaf).
func (n *node) finish() int {
	h := 0
	for _, c := range n.children {
		h = max(h, c.finish()+1)
	}
	for _, c := range n.elems {
		if c != nil {
			h = max(h, c.finish()+1)
		}
	}
	n.table = nil
	if len(n.names) == 0 {
		return h
	}
	size := 4
	for size < 2*len(n.names) {
		size *= 2
	}
	n.shift = uint(64 - bits.TrailingZeros(uint(size)))
	n.table = make([]slot, size)
	for i := range n.table {
		n.table[i].len = -1
	}
	for i, name := range n.names {
		var pre [2]uint64
		for j := 0; j < len(name) && j < 16; j++ {
			pre[j/8] |= uint64(name[j]) << (8 * (j % 8))
		}
		for h := nameHash(pre[0], len(name), n.shift); ; h = (h + 1) & uint64(size-1) {
			if n.table[h].len < 0 {
				n.table[h] = slot{pre0: pre[0], pre1: pre[1], len: len(name), child: n.children[i], name: name}
				break
			}
		}
	}
	return h
}

func nameHash(pre uint64, length int, shift uint) uint64 {
	return ((pre ^ uint64(length)) * 0x9E3779B97F4A7C15) >> shift
}

// lookup finds the child of the member name d[a:b], which holds no
// escape.
func (n *node) lookup(d []byte, a, b int) *node {
	l := b - a
	var pre0, pre1 uint64
	if a+16 <= len(d) {
		pre0 = binary.LittleEndian.Uint64(d[a:])
		pre1 = binary.LittleEndian.Uint64(d[a+8:])
		if l < 16 {
			pre1 &= ^uint64(0) >> (128 - 8*uint(max(l, 8)))
			if l < 8 {
				pre0 &= ^uint64(0) >> (64 - 8*uint(l))
			}
		}
	} else {
		for j := 0; j < l && j < 16; j++ {
			if j < 8 {
				pre0 |= uint64(d[a+j]) << (8 * j)
			} else {
				pre1 |= uint64(d[a+j]) << (8 * (j - 8))
			}
		}
	}
	return n.lookupKey(pre0, pre1, l, d, a)
}

// lookupKey finds the child of the member name of length l at d[a:] whose
// first sixteen bytes, zero padded, are pre0 and pre1.
func (n *node) lookupKey(pre0, pre1 uint64, l int, d []byte, a int) *node {
	mask := uint64(len(n.table) - 1)
	for h := nameHash(pre0, l, n.shift); ; h = (h + 1) & mask {
		s := &n.table[h&mask]
		if s.len < 0 {
			return nil
		}
		if s.pre0 == pre0 && s.pre1 == pre1 && s.len == l && (l <= 16 || s.name[16:] == string(d[a+16:a+l])) {
			return s.child
		}
	}
}

// elem returns the child for array index i, or nil.
func (n *node) elem(i int) *node {
	if i < len(n.elems) {
		return n.elems[i]
	}
	return nil
}

// span is where a path's value lies in the input; end == 0 means absent.
type span struct{ start, end int32 }

// scanner walks one document. The decoders embed it for its primitives.
type scanner struct {
	data  []byte
	pos   int
	depth int
	spans []span
	err   *SyntaxError
	// frames, if set, replaces the scanner's own array of frames of
	// containers on the trie, for tries taller than it.
	frames []frame
}

// frame is an open container that has a trie node.
type frame struct {
	n     *node
	start int32 // where the container begins, for its span
	idx   int32 // the index of the current element of an array
}

func (s *scanner) fail(msg string) {
	if s.err == nil {
		s.err = &SyntaxError{Offset: int64(s.pos), Msg: msg}
	}
}

// failAt records a syntax error at i.
func (s *scanner) failAt(i int, msg string) {
	s.pos = i
	s.fail(msg)
}

const (
	lsb        = 0x0101010101010101
	msb        = 0x8080808080808080
	spaceWord  = lsb * ' '
	quoteWord  = lsb * '"'
	bslashWord = lsb * '\\'
)

func (s *scanner) ws() { s.pos = skipWS(s.data, s.pos) }

// skipWS returns the index of the first byte from i that is not
// whitespace. Indentation, runs of spaces, is skipped eight bytes at a time.
func skipWS(d []byte, i int) int {
	// Pretty printing: a newline, then indentation.
	if i < len(d) && d[i] == '\n' {
		i++
	}
	for i+8 <= len(d) {
		if x := binary.LittleEndian.Uint64(d[i:]) ^ spaceWord; x != 0 {
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

// document scans a whole JSON text against the trie rooted at root.
func (s *scanner) document(root *node) { s.documentInto(root, s.spans) }

// documentInto is document recording the spans into spans, which the
// scanner does not keep: detect's may stay on its stack.
func (s *scanner) documentInto(root *node, spans []span) {
	s.ws()
	s.valueInto(root, spans)
	if s.err != nil {
		return
	}
	s.ws()
	if s.pos != len(s.data) {
		s.fail("unexpected data after the top-level value")
	}
}

// value scans one value; n is its trie node, nil when nobody asked for it.
func (s *scanner) value(n *node) { s.valueInto(n, s.spans) }

func (s *scanner) valueInto(n *node, spans []span) {
	d, i := s.data, s.pos
	if i >= len(d) {
		s.fail("unexpected end of input")
		return
	}
	end := -1
	switch c := d[i]; {
	case c == '"':
		if end = skipStr(d, i); end < 0 {
			s.failAt(len(d), "unterminated string")
			return
		}
	case c == '{' || c == '[':
		s.container(n, spans)
		return
	default:
		if end = s.scalar(d, i); end < 0 {
			return
		}
	}
	s.pos = end
	if n != nil && n.path >= 0 {
		spans[n.path] = span{int32(i), int32(end)}
	}
}

// scalar scans a number or literal at i, returning its end, or -1 after
// recording the error.
func (s *scanner) scalar(d []byte, i int) int {
	switch c := d[i]; {
	case c == '-' || c-'0' <= 9:
		end, ok := scanNumber(d, i)
		if !ok {
			s.failAt(end, "invalid number")
			return -1
		}
		return end
	case c == 't':
		if i+4 <= len(d) && string(d[i:i+4]) == "true" {
			return i + 4
		}
		s.failAt(i, "invalid literal, want true")
	case c == 'f':
		if i+5 <= len(d) && string(d[i:i+5]) == "false" {
			return i + 5
		}
		s.failAt(i, "invalid literal, want false")
	case c == 'n':
		if i+4 <= len(d) && string(d[i:i+4]) == "null" {
			return i + 4
		}
		s.failAt(i, "invalid literal, want null")
	default:
		s.failAt(i, "invalid character "+strconv.QuoteRune(rune(c))+" looking for a value")
	}
	return -1
}

const indentWord0 = spaceWord&^0xff | '\n'

// indMask0[k] and indMask1[k] select the first k of sixteen bytes, in two
// words.
var indMask0, indMask1 [17]uint64

func init() {
	for k := 0; k <= 16; k++ {
		if k >= 8 {
			indMask0[k] = ^uint64(0)
			indMask1[k] = ^uint64(0) >> (64 - 8*uint(k-8))
		} else {
			indMask0[k] = ^uint64(0) >> (64 - 8*uint(k))
		}
	}
}

// deepKinds holds the container kinds of nesting deeper than a scanner's
// own array covers, which only hostile input reaches.
var deepKinds = sync.Pool{New: func() any { return new([maxDepth/64 + 1]uint64) }}

// container scans the object or array at s.pos and everything in it, n
// being its trie node. It loops rather than recurses: a stack of frames
// holds the containers that have trie nodes (there are no deeper ones than
// the trie is tall), a bit per level tells arrays from objects.
func (s *scanner) container(n *node, spans []span) {
	var (
		framesBuf [8]frame
		kindsBuf  [16]uint64 // 1024 levels; deeper ones borrow deepKinds
		deep      *[maxDepth/64 + 1]uint64
	)
	d := s.data
	frames, kinds := framesBuf[:], kindsBuf[:]
	if s.frames != nil {
		frames = s.frames
	}
	base := s.depth
	var (
		i     = s.pos
		depth = 0     // open containers
		g     = 0     // the outermost g of them have frames
		arr   = false // the innermost is an array
		start int
		end   int
		c     byte
		msg   string
		ind   [16]uint8 // by depth: the whitespace after the last comma, if up to 16 bytes
	)

	// value: a value begins at i, n its trie node.
value:
	if i >= len(d) {
		msg = "unexpected end of input"
		goto fail
	}
	start = i
	switch c = d[i]; c {
	case '"':
		// skipStr, its first sixteen bytes inlined.
		if j := i + 1; j+16 <= len(d) {
			x0 := binary.LittleEndian.Uint64(d[j:]) ^ quoteWord
			x1 := binary.LittleEndian.Uint64(d[j+8:]) ^ quoteWord
			m0, m1 := (x0-lsb)&^x0&msb, (x1-lsb)&^x1&msb
			if m0|m1 != 0 {
				t0 := bits.TrailingZeros64(m0) // 64 when m0 is 0: then add m1's
				q := j + (t0+bits.TrailingZeros64(m1)&-(t0>>6))>>3
				if d[q-1] != '\\' {
					end = q + 1
				} else {
					end = skipStrLong(d, i, q)
				}
			} else {
				end = skipStrLong(d, i, j+16)
			}
		} else {
			end = skipStr(d, i)
		}
		if end < 0 {
			i, msg = len(d), "unterminated string"
			goto fail
		}
		i = end
	case '{', '[':
		if base+depth >= maxDepth {
			msg = "nesting deeper than 10000"
			goto fail
		}
		if depth>>6 >= len(kinds) {
			deep = deepKinds.Get().(*[maxDepth/64 + 1]uint64)
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
		if i < len(d) && d[i] <= ' ' {
			i = skipWS(d, i)
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
	if n != nil && n.path >= 0 {
		spans[n.path] = span{int32(start), int32(i)}
	}

	// next: a value ended at i, inside the container at depth.
next:
	if depth == 0 {
		goto done
	}
	if i < len(d) && d[i] <= ' ' {
		i = skipWS(d, i)
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
		if k := ind[depth&15]; k != 0 && i+16 <= len(d) && d[i] == '\n' && d[i+int(k)] > ' ' {
			w0 := binary.LittleEndian.Uint64(d[i:])
			w1 := binary.LittleEndian.Uint64(d[i+8:])
			if (w0^indentWord0)&indMask0[k]|(w1^spaceWord)&indMask1[k] == 0 {
				i += int(k)
				goto indented
			}
		}
		if i < len(d) && d[i] <= ' ' {
			j := i
			i = skipWS(d, i)
			if i-j <= 16 {
				ind[depth&15] = uint8(i - j)
			}
		}
	indented:
		if !arr {
			goto member
		}
		n = nil
		if g == depth {
			f := &frames[g-1]
			f.idx++
			n = f.n.elem(int(f.idx))
		}
		goto value
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
			spans[f.n.path] = span{f.start, int32(i)}
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
	n = nil
	if g == depth {
		if p := frames[g-1].n; len(p.table) > 0 {
			// The name's end, whether it holds escapes and its key from the
			// same two words, for names shorter than sixteen bytes.
			if j := i + 1; j+16 <= len(d) {
				w0 := binary.LittleEndian.Uint64(d[j:])
				w1 := binary.LittleEndian.Uint64(d[j+8:])
				x0, x1 := w0^quoteWord, w1^quoteWord
				y0, y1 := w0^bslashWord, w1^bslashWord
				m0, m1 := (x0-lsb)&^x0&msb, (x1-lsb)&^x1&msb
				b0, b1 := (y0-lsb)&^y0&msb, (y1-lsb)&^y1&msb
				if m0 != 0 {
					l := bits.TrailingZeros64(m0) >> 3
					keep := ^uint64(0) >> (64 - 8*uint(l))
					if b0&keep == 0 {
						n = p.lookupKey(w0&keep, 0, l, d, j)
						i = j + l + 1
						goto named
					}
				} else if m1 != 0 {
					l := bits.TrailingZeros64(m1) >> 3
					keep := ^uint64(0) >> (64 - 8*uint(l))
					if b0 == 0 && b1&keep == 0 {
						n = p.lookupKey(w0, w1&keep, 8+l, d, j)
						i = j + 8 + l + 1
						goto named
					}
				}
			}
			if end = skipStr(d, i); end < 0 {
				i, msg = len(d), "unterminated string"
				goto fail
			}
			if name := d[i+1 : end-1]; hasBackslash(name) {
				n = p.member(unquoteBytes(name))
			} else {
				n = p.lookup(d, i+1, end-1)
			}
			i = end
			goto named
		}
	}
	// skipStr, its first sixteen bytes inlined.
	if j := i + 1; j+16 <= len(d) {
		x0 := binary.LittleEndian.Uint64(d[j:]) ^ quoteWord
		x1 := binary.LittleEndian.Uint64(d[j+8:]) ^ quoteWord
		m0, m1 := (x0-lsb)&^x0&msb, (x1-lsb)&^x1&msb
		if m0|m1 != 0 {
			t0 := bits.TrailingZeros64(m0)
			q := j + (t0+bits.TrailingZeros64(m1)&-(t0>>6))>>3
			if d[q-1] != '\\' {
				end = q + 1
			} else {
				end = skipStrLong(d, i, q)
			}
		} else {
			end = skipStrLong(d, i, j+16)
		}
	} else {
		end = skipStr(d, i)
	}
	if end < 0 {
		i, msg = len(d), "unterminated string"
		goto fail
	}
	i = end

named:
	if i < len(d) && d[i] <= ' ' {
		i = skipWS(d, i)
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
			i = skipWS(d, i)
		}
	}
	goto value

fail:
	s.failAt(i, msg)
failed:
	s.depth = base + depth
	if deep != nil {
		deepKinds.Put(deep)
	}
	return

done:
	s.pos, s.depth = i, base
	if deep != nil {
		deepKinds.Put(deep)
	}
}

// hasBackslash reports whether b holds a backslash.
func hasBackslash(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ bslashWord
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

// str skips a string, s.pos at its opening quote. The contents are checked
// for escapes only, which is what finding the end needs; decoding checks the
// rest.
func (s *scanner) str() {
	if end := skipStr(s.data, s.pos); end >= 0 {
		s.pos = end
		return
	}
	s.failAt(len(s.data), "unterminated string")
}

// skipStr returns the index after the closing quote of the string whose
// opening quote is at i, or -1 if it has none. Short strings, most of
// them, end within the first sixteen bytes, found eight at a time without
// a call.
func skipStr(d []byte, i int) int {
	j := i + 1
	if j+16 <= len(d) {
		// The lowest byte flagged by (x-lsb)&^x&msb is always a zero byte of
		// x, that is a quote: only the bytes above it may be flagged wrongly.
		x := binary.LittleEndian.Uint64(d[j:]) ^ quoteWord
		if m := (x - lsb) &^ x & msb; m != 0 {
			q := j + bits.TrailingZeros64(m)>>3
			if d[q-1] != '\\' {
				return q + 1
			}
			return skipStrLong(d, i, q)
		}
		x = binary.LittleEndian.Uint64(d[j+8:]) ^ quoteWord
		if m := (x - lsb) &^ x & msb; m != 0 {
			q := j + 8 + bits.TrailingZeros64(m)>>3
			if d[q-1] != '\\' {
				return q + 1
			}
			return skipStrLong(d, i, q)
		}
		j += 16
	}
	return skipStrLong(d, i, j)
}

// skipStrLong is skipStr from i, the string's opening quote being at open
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

func (s *scanner) number() {
	end, ok := scanNumber(s.data, s.pos)
	s.pos = end
	if !ok {
		s.fail("invalid number")
	}
}

// scanNumber returns the end of the number at i, or where it is invalid
// and false.
func scanNumber(d []byte, i int) (int, bool) {
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
		i++
		j := i
		for i < len(d) && d[i]-'0' <= 9 {
			i++
		}
		if i == j {
			return i, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && d[i]-'0' <= 9 {
			i++
		}
		if i == j {
			return i, false
		}
	}
	return i, true
}

func (s *scanner) literal(lit string) {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		s.fail("invalid literal, want " + lit)
		return
	}
	s.pos += len(lit)
}

// unquoteBytes decodes the escapes of a string's contents. It allocates, and
// is only used for the rare member name or compared value holding escapes.
func unquoteBytes(raw []byte) []byte {
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
