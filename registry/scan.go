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
// skipped: containers in a loop rather than by recursion, strings through a
// mask of the quotes of the next 64 bytes (see container), long ones with
// bytes.IndexByte at memory speed, whitespace eight bytes at a time or as
// the indentation seen last at that depth.

// maxDepth bounds nesting, as hostile input may nest without end.
const maxDepth = 10000

// node is one step of the path trie compiled from every rule's paths.
type node struct {
	names    []string // member names that lead somewhere
	children []*node  // parallel to names
	elems    []*node  // elems[i] is the node for array index i, or nil
	path     int      // the path ending here, or -1

	// Set by finish: a hash table of the names, keyed by their length and
	// first sixteen bytes, so that a lookup rarely compares strings. The
	// seed is chosen so that names do not collide, unless some share their
	// length and first sixteen bytes: then probe is set.
	table  []slot // a power of two long
	seed   uint64
	shift  uint   // 64 - log2(len(table))
	probe  bool   // look further than the first slot
	filter uint64 // the nameBit of each name
}

// nameBit picks a bit of a node's filter by a name's length and first
// byte (the low byte of pre, its first eight bytes).
func nameBit(pre uint64, length int) uint64 {
	return 1 << ((pre + uint64(length)*13) & 63)
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
	n.table, n.filter, n.probe = nil, 0, false
	if len(n.names) == 0 {
		return h
	}
	keys := make([][2]uint64, len(n.names))
	for i, name := range n.names {
		for j := 0; j < len(name) && j < 16; j++ {
			keys[i][j/8] |= uint64(name[j]) << (8 * (j % 8))
		}
		n.filter |= nameBit(keys[i][0], len(name))
	}
	// A seed without collisions, in a table up to 16 times the names.
	seed, size := uint64(0), 4
	for size < 2*len(n.names) {
		size *= 2
	}
search:
	for ; size <= 16*max(len(n.names), 4); size *= 2 {
		shift := uint(64 - bits.TrailingZeros(uint(size)))
		for try := uint64(1); try <= 64; try++ {
			seed = (try*0x9E3779B97F4A7C15)>>1 | 1
			used := make([]bool, size)
			ok := true
			for i, name := range n.names {
				k := nameHash(keys[i][0], keys[i][1], len(name), seed) >> shift
				if used[k] {
					ok = false
					break
				}
				used[k] = true
			}
			if ok {
				break search
			}
		}
	}
	if size > 16*max(len(n.names), 4) {
		size, n.probe = size/2, true
	}
	n.seed, n.shift = seed, uint(64-bits.TrailingZeros(uint(size)))
	n.table = make([]slot, size)
	for i := range n.table {
		n.table[i].len = -1
	}
	for i, name := range n.names {
		for k := nameHash(keys[i][0], keys[i][1], len(name), n.seed) >> n.shift; ; k = (k + 1) & uint64(size-1) {
			if n.table[k].len < 0 {
				n.table[k] = slot{pre0: keys[i][0], pre1: keys[i][1], len: len(name), child: n.children[i], name: name}
				break
			}
		}
	}
	return h
}

func nameHash(pre0, pre1 uint64, length int, seed uint64) uint64 {
	return (pre0 ^ bits.RotateLeft64(pre1, 29) ^ uint64(length)) * seed
}

// lookup finds the child of the member name d[a:b], which holds no
// escape.
func (n *node) lookup(d []byte, a, b int) *node {
	l := b - a
	var pre0, pre1 uint64
	if a+16 <= len(d) {
		pre0 = load64(d, a)
		pre1 = load64(d, a+8)
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
	s := &n.table[nameHash(pre0, pre1, l, n.seed)>>n.shift]
	if s.pre0 == pre0 && s.pre1 == pre1 && s.len == l && (l <= 16 || s.name[16:] == string(d[a+16:a+l])) {
		return s.child
	}
	if n.probe {
		return n.lookupProbe(pre0, pre1, l, d, a)
	}
	return nil
}

// lookupProbe is lookupKey for a table where names collide.
func (n *node) lookupProbe(pre0, pre1 uint64, l int, d []byte, a int) *node {
	mask := uint64(len(n.table) - 1)
	for k := nameHash(pre0, pre1, l, n.seed) >> n.shift; ; k = (k + 1) & mask {
		s := &n.table[k]
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

// load64 reads the eight bytes of d at i, little endian. Callers check
// that they are there, before len(d).
func load64(d []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(d[i : i+8])
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
	// present has bit p%64 set for each path p given a span.
	present uint64
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
		if x := load64(d, i) ^ spaceWord; x != 0 {
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
		s.present |= 1 << (n.path & 63)
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
		(load64(d, i)^indentWord0)&first16[k][0]|(load64(d, i+8)^spaceWord)&first16[k][1] == 0
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
var deepKinds = sync.Pool{New: func() any { return new([maxDepth/64 + 1]uint64) }}

// container scans the object or array at s.pos and everything in it, n
// being its trie node. It loops rather than recurses: a stack of frames
// holds the containers that have trie nodes (there are no deeper ones than
// the trie is tall), a bit per level tells arrays from objects.
//
// Strings are found through a window: the mask of the quotes of the next
// 64 bytes, whose bits are taken in order, so that finding the end of a
// string waits on no load nor on the whitespace before it. The positions
// the scanner reaches byte by byte only confirm them.
func (s *scanner) container(n *node, spans []span) {
	var (
		framesBuf [8]frame
		kindsBuf  [4]uint64 // 256 levels; deeper ones borrow deepKinds
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

	// value: a value begins at i, n its trie node.
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
		if k := ind[depth&15]; indented(d, i, k) {
			i += int(k)
		} else if i < len(d) && d[i] <= ' ' {
			j := i
			i = skipWS(d, i)
			ind[depth&15] = guess(i - j)
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
		spans[n.path] = span{int32(start), int32(i)}
		s.present |= 1 << (n.path & 63)
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
			i = skipWS(d, i)
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
		} else if i < len(d) && d[i] <= ' ' {
			j := i
			i = skipWS(d, i)
			ind[depth&15] = guess(i - j)
		}
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
			s.present |= 1 << (f.n.path & 63)
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

	// key: the name from open to end, in an object with a trie node, gives
	// the node of the value.
key:
	{
		p := frames[g-1].n
		if l := end - open - 2; l <= 16 && open+17 <= len(d) {
			// The key and the test for escapes from two words.
			w0 := load64(d, open+1)
			w1 := load64(d, open+9)
			y0, y1 := w0^bslashWord, w1^bslashWord
			keep := &first16[l]
			if ((y0-lsb)&^y0&keep[0]|(y1-lsb)&^y1&keep[1])&msb == 0 {
				if pre0, pre1 := w0&keep[0], w1&keep[1]; p.filter&nameBit(pre0, l) != 0 {
					// lookupKey, inlined: a call would spill every register.
					if s := &p.table[nameHash(pre0, pre1, l, p.seed)>>p.shift]; s.pre0 == pre0 && s.pre1 == pre1 && s.len == l {
						n = s.child
					} else if p.probe {
						n = p.lookupProbe(pre0, pre1, l, d, open+1)
					}
				}
				goto named
			}
		}
		if name := d[open+1 : end-1]; hasBackslash(name) {
			n = p.member(unquoteBytes(name))
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
			x0 := load64(d, j) ^ quoteWord
			x1 := load64(d, j+8) ^ quoteWord
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

// hasBackslash reports whether b holds a backslash.
func hasBackslash(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := load64(b, i) ^ bslashWord
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
		x := load64(d, j) ^ quoteWord
		if m := (x - lsb) &^ x & msb; m != 0 {
			q := j + bits.TrailingZeros64(m)>>3
			if d[q-1] != '\\' {
				return q + 1
			}
			return skipStrLong(d, i, q)
		}
		x = load64(d, j+8) ^ quoteWord
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
