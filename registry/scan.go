package registry

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// This file holds the detection scanner: one pass over the raw bytes that
// validates the JSON structure and records, without allocating, where the
// values of the paths named by the rules are. Values nobody asked for are
// skipped; strings are skipped with bytes.IndexByte, at memory speed.

// maxDepth bounds nesting, as hostile input may nest without end.
const maxDepth = 10000

// node is one step of the path trie compiled from every rule's paths.
type node struct {
	names    []string // member names that lead somewhere
	children []*node  // parallel to names
	elems    []*node  // elems[i] is the node for array index i, or nil
	path     int      // the path ending here, or -1
}

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

// span is where a path's value lies in the input; end == 0 means absent.
type span struct{ start, end int32 }

// scanner walks one document. It is reused through a pool.
type scanner struct {
	data  []byte
	pos   int
	depth int
	spans []span
	err   *SyntaxError
}

func (s *scanner) fail(msg string) {
	if s.err == nil {
		s.err = &SyntaxError{Offset: int64(s.pos), Msg: msg}
	}
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// document scans a whole JSON text against the trie rooted at root.
func (s *scanner) document(root *node) {
	s.ws()
	s.value(root)
	if s.err != nil {
		return
	}
	s.ws()
	if s.pos != len(s.data) {
		s.fail("unexpected data after the top-level value")
	}
}

// value scans one value; n is its trie node, nil when nobody asked for it.
func (s *scanner) value(n *node) {
	if s.pos >= len(s.data) {
		s.fail("unexpected end of input")
		return
	}
	start := s.pos
	switch c := s.data[s.pos]; {
	case c == '{':
		s.object(n)
	case c == '[':
		s.array(n)
	case c == '"':
		s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.fail("invalid character " + strconv.QuoteRune(rune(c)) + " looking for a value")
	}
	if n != nil && n.path >= 0 && s.err == nil {
		s.spans[n.path] = span{int32(start), int32(s.pos)}
	}
}

func (s *scanner) object(n *node) {
	if s.depth++; s.depth > maxDepth {
		s.fail("nesting deeper than 10000")
		return
	}
	s.pos++ // '{'
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return
	}
	for s.err == nil {
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			s.fail("expected a member name")
			return
		}
		nameStart := s.pos + 1
		s.str()
		if s.err != nil {
			return
		}
		var child *node
		if n != nil && len(n.names) > 0 {
			name := s.data[nameStart : s.pos-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				name = unquoteBytes(name)
			}
			child = n.member(name)
		}
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			s.fail("expected ':' after a member name")
			return
		}
		s.pos++
		s.ws()
		s.value(child)
		if s.err != nil {
			return
		}
		s.ws()
		if s.pos >= len(s.data) {
			s.fail("unexpected end of input in an object")
			return
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return
		default:
			s.fail("expected ',' or '}' in an object")
			return
		}
	}
}

func (s *scanner) array(n *node) {
	if s.depth++; s.depth > maxDepth {
		s.fail("nesting deeper than 10000")
		return
	}
	s.pos++ // '['
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return
	}
	for i := 0; s.err == nil; i++ {
		s.ws()
		var child *node
		if n != nil && i < len(n.elems) {
			child = n.elems[i]
		}
		s.value(child)
		if s.err != nil {
			return
		}
		s.ws()
		if s.pos >= len(s.data) {
			s.fail("unexpected end of input in an array")
			return
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return
		default:
			s.fail("expected ',' or ']' in an array")
			return
		}
	}
}

// str skips a string, s.pos at its opening quote. The contents are checked
// for escapes only, which is what finding the end needs; decoding checks the
// rest.
func (s *scanner) str() {
	i := s.pos + 1
	for {
		q := bytes.IndexByte(s.data[i:], '"')
		if q < 0 {
			s.pos = len(s.data)
			s.fail("unterminated string")
			return
		}
		i += q
		// The quote is escaped when an odd number of backslashes precede it.
		b := i - 1
		for b > s.pos && s.data[b] == '\\' {
			b--
		}
		if (i-1-b)%2 == 0 {
			s.pos = i + 1
			return
		}
		i++
	}
}

func (s *scanner) number() {
	d, i := s.data, s.pos
	if d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		s.pos = i
		s.fail("invalid number")
		return
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			s.pos = i
			s.fail("invalid number")
			return
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			s.pos = i
			s.fail("invalid number")
			return
		}
	}
	s.pos = i
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
