package stream

import (
	"bytes"
	"io"
)

// Sizes of the framer's buffers: the first is small, so a one-event input
// costs little, and each next one doubles up to chunkSize.
const (
	firstChunk = 64 << 10
	chunkSize  = 1 << 20
)

// bom is the UTF-8 byte-order mark, skipped at the start of an input.
const bom = "\xEF\xBB\xBF"

// scan states.
const (
	between = iota // outside any event: whitespace is skipped
	inValue        // in an object or array: brackets and strings are followed
	inLine         // in a bad event, which runs to the end of its line
)

// framer cuts an input into events. It follows strings, escapes and the
// nesting of brackets, and nothing else: it validates nothing, leaving
// that to whoever works on the events.
type framer struct {
	r   io.Reader
	max int
	err error // a read error: the input ends there
	eof bool

	buf   []byte // buf[:n] holds input; buf[0] is at input offset base
	n     int
	base  int64
	i     int // scan position in buf
	start int // start of the event in progress, when state != between

	state   int
	inStr   bool
	esc     bool
	closers []byte // the closing brackets the event in progress still owes
	skip    bool   // the event in progress is over max: its bytes are dropped

	// Lines: input up to offset counted has been counted; line is the line
	// of that offset, lineStart the offset of that line's first byte.
	counted   int64
	line      int
	lineStart int64

	events   int64 // events framed so far
	started  bool  // the byte-order mark was looked for
	nextSize int   // capacity of the next buffer
}

func newFramer(r io.Reader, max int) *framer {
	return &framer{r: r, max: max, line: 1, nextSize: firstChunk}
}

// countTo counts the lines of the input up to offset off of buf.
func (f *framer) countTo(off int) {
	from := int(f.counted - f.base)
	if off <= from {
		return
	}
	seg := f.buf[from:off]
	if k := bytes.Count(seg, nl); k > 0 {
		f.line += k
		f.lineStart = f.base + int64(from+bytes.LastIndexByte(seg, '\n')+1)
	}
	f.counted = f.base + int64(off)
}

var nl = []byte{'\n'}

// event returns an event starting at buf[start] whose data is buf[start:end].
func (f *framer) event(start, end int) Event {
	f.countTo(start)
	off := f.base + int64(start)
	ev := Event{Data: f.buf[start:end:end], Offset: off, Line: f.line, Col: int(off-f.lineStart) + 1}
	if end-start > f.max {
		ev.Data, ev.Err = nil, &SizeError{Limit: f.max}
	}
	f.events++
	return ev
}

// fill frames the next events into a batch whose buffer is buf (reused
// when it is large enough), reading as needed. It returns no events once the
// input is over; an input without any event yields one empty event at its
// end.
func (f *framer) fill(buf []byte, events []Event) ([]byte, []Event) {
	events = events[:0]
	if f.eof {
		return buf, events
	}
	// Carry the event in progress (or nothing) into the new buffer.
	keep := f.n
	if f.state != between && !f.skip {
		keep = f.start
	}
	if f.buf != nil {
		f.countTo(keep)
	}
	size := max(f.nextSize, f.n-keep+1)
	f.nextSize = min(2*f.nextSize, chunkSize)
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:cap(buf)]
	if f.buf != nil {
		copy(buf, f.buf[keep:f.n])
		f.n -= keep
		f.i -= keep
		f.start -= keep
		f.base += int64(keep)
	}
	f.buf = buf
	for {
		events = f.scan(events)
		if len(events) > 0 && !f.eof {
			return f.buf, events
		}
		if f.eof {
			return f.buf, f.finish(events)
		}
		f.read()
	}
}

// read reads more input into the buffer, making room first: dropping what
// was scanned, moving the event in progress to the front, or growing the
// buffer for it, up to just over max.
func (f *framer) read() {
	keep := f.n
	switch {
	case !f.started:
		keep = 0 // a byte-order mark may be in the making
	case f.state != between && !f.skip:
		keep = f.start
	}
	if keep > 0 {
		f.countTo(keep)
		copy(f.buf, f.buf[keep:f.n])
		f.n -= keep
		f.i -= keep
		f.start -= keep
		f.base += int64(keep)
	}
	if f.n == len(f.buf) {
		grown := make([]byte, min(2*len(f.buf), f.max+1))
		copy(grown, f.buf[:f.n])
		f.buf = grown
	}
	for {
		m, err := f.r.Read(f.buf[f.n:])
		f.n += m
		if err == io.EOF {
			f.eof = true
		} else if err != nil {
			f.err, f.eof = err, true
		}
		if m > 0 || f.eof {
			break
		}
	}
	if !f.started && (f.n >= len(bom) || f.eof) {
		f.started = true
		if bytes.HasPrefix(f.buf[:f.n], []byte(bom)) {
			f.i, f.counted, f.lineStart = len(bom), int64(len(bom)), int64(len(bom))
		}
	}
}

// finish ends the input: an event in progress ends with it, unless reading
// failed; an input without any event yields an empty one at its end.
func (f *framer) finish(events []Event) []Event {
	if !f.started {
		return events
	}
	switch {
	case f.err != nil:
	case f.state != between && !f.skip:
		// Left open, a value runs to the end of the input, blanks
		// included, so that its error is at the end of the input, as for
		// one event; a bad line ends at its last non-blank byte.
		end := f.n
		if f.state == inLine {
			end = trimEnd(f.buf, f.start, end)
		}
		events = append(events, f.event(f.start, end))
	case f.events == 0:
		events = append(events, f.event(f.n, f.n))
	}
	f.state = between
	return events
}

// scan frames the events that end in the buffer, appending them to events.
func (f *framer) scan(events []Event) []Event {
	if !f.started {
		return events
	}
	buf := f.buf[:f.n]
	i := f.i
	for i < len(buf) {
		switch f.state {
		case between:
			switch buf[i] {
			case ' ', '\t', '\r', '\n':
				i++
				continue
			case '{':
				f.closers = append(f.closers[:0], '}')
				f.state = inValue
			case '[':
				f.closers = append(f.closers[:0], ']')
				f.state = inValue
			default:
				f.state = inLine
			}
			f.start, f.inStr, f.esc, f.skip = i, false, false, false
			i++
		case inLine:
			j := bytes.IndexByte(buf[i:], '\n')
			if j < 0 {
				i = len(buf)
				continue
			}
			i += j
			events = f.end(events, trimEnd(buf, f.start, i))
		case inValue:
			var done bool
			i, done = f.value(buf, i)
			if done {
				events = f.end(events, i)
			}
		}
		if f.state != between && !f.skip && int64(i-f.start) > int64(f.max) {
			// Over the limit: report it now and drop the rest of it.
			events = append(events, f.event(f.start, i))
			f.skip = true
		}
	}
	f.i = i
	return events
}

// trimEnd returns end moved back over the whitespace that ends
// buf[start:end]: a bad line does not take the blanks after it.
func trimEnd(buf []byte, start, end int) int {
	for end > start && (buf[end-1] == ' ' || buf[end-1] == '\t' || buf[end-1] == '\r' || buf[end-1] == '\n') {
		end--
	}
	return end
}

// end ends the event in progress at buf[end].
func (f *framer) end(events []Event, end int) []Event {
	if !f.skip {
		events = append(events, f.event(f.start, end))
	}
	f.state, f.skip = between, false
	return events
}

// value scans an object or array from buf[i]. It returns where it stopped
// and whether the value ended there: at its last closing bracket; at a line
// break inside a string (invalid JSON, and where the next event may start);
// or at the end of the line of a closing bracket that does not match.
func (f *framer) value(buf []byte, i int) (int, bool) {
	for i < len(buf) {
		if f.inStr {
			if f.esc {
				f.esc = false
				i++
				continue
			}
			// The common case, a short string, byte by byte; a long one
			// through IndexByte, at memory speed.
			j := i
			for j < len(buf) && j < i+32 {
				c := buf[j]
				if c == '"' || c == '\\' || c == '\n' {
					break
				}
				j++
			}
			if j == i+32 {
				j = stringStop(buf, j)
			}
			if j == len(buf) {
				return j, false
			}
			switch buf[j] {
			case '"':
				f.inStr = false
			case '\\':
				f.esc = true
			case '\n':
				f.inStr = false
				return j + 1, true
			}
			i = j + 1
			continue
		}
		c := buf[i]
		i++
		switch c {
		case '"':
			f.inStr = true
		case '{':
			f.closers = append(f.closers, '}')
		case '[':
			f.closers = append(f.closers, ']')
		case '}', ']':
			top := len(f.closers) - 1
			if f.closers[top] != c {
				f.state = inLine
				return i, false
			}
			f.closers = f.closers[:top]
			if top == 0 {
				return i, true
			}
		}
	}
	return i, false
}

// stringStop returns the index of the first quote, backslash or line feed
// in buf from i, or len(buf).
func stringStop(buf []byte, i int) int {
	rest := buf[i:]
	q := bytes.IndexByte(rest, '"')
	if q < 0 {
		q = len(rest)
	}
	if b := bytes.IndexByte(rest[:q], '\\'); b >= 0 {
		q = b
	}
	if n := bytes.IndexByte(rest[:q], '\n'); n >= 0 {
		q = n
	}
	return i + q
}
