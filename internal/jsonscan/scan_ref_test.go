package jsonscan

import (
	"bytes"
	"strconv"
)

// The scanner as it was before it was made fast: recursive, one
// bytes.IndexByte per quote. The tests hold the scanner to it, byte for
// byte: same spans, same errors at the same offsets.

// refScanner walks one document.
type refScanner struct {
	data  []byte
	pos   int
	depth int
	spans []Span
	err   *SyntaxError
}

func (s *refScanner) fail(msg string) {
	if s.err == nil {
		s.err = &SyntaxError{Offset: int64(s.pos), Msg: msg}
	}
}

func (s *refScanner) ws() {
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
func (s *refScanner) document(root *Node) {
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
func (s *refScanner) value(n *Node) {
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
		s.spans[n.path] = Span{int32(start), int32(s.pos)}
	}
}

func (s *refScanner) object(n *Node) {
	if s.depth++; s.depth > MaxDepth {
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
		var child *Node
		if n != nil && len(n.names) > 0 {
			name := s.data[nameStart : s.pos-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				name = Unquote(name)
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

func (s *refScanner) array(n *Node) {
	if s.depth++; s.depth > MaxDepth {
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
		var child *Node
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
func (s *refScanner) str() {
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

func (s *refScanner) number() {
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

func (s *refScanner) literal(lit string) {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		s.fail("invalid literal, want " + lit)
		return
	}
	s.pos += len(lit)
}
