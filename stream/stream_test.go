package stream_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/stream"
)

// framed is what a test sees of one event.
type framed struct {
	Data      string
	Offset    int64
	Line, Col int
	TooLarge  bool
}

func frame(t *testing.T, r io.Reader, opts stream.Options) ([]framed, error) {
	t.Helper()
	var got []framed
	err := stream.Map(r, opts, func(ev *stream.Event) int { return len(ev.Data) },
		func(ev *stream.Event, n int) error {
			assert.Equal(t, len(ev.Data), n, "the result of this event")
			got = append(got, framed{string(ev.Data), ev.Offset, ev.Line, ev.Col, errors.Is(ev.Err, stream.ErrTooLarge)})
			return nil
		})
	return got, err
}

// readers give the same input in different pieces, so events cross the
// framer's buffers at every byte.
var readers = map[string]func(string) io.Reader{
	"whole":    func(s string) io.Reader { return strings.NewReader(s) },
	"one byte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
	"half":     func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
}

func TestFraming(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []framed
	}{
		{"one event", `{"a":1}`, []framed{{`{"a":1}`, 0, 1, 1, false}}},
		{"ndjson", "{\"a\":1}\n{\"b\":[2]}\n", []framed{{`{"a":1}`, 0, 1, 1, false}, {`{"b":[2]}`, 8, 2, 1, false}}},
		{"concatenated", `{"a":1}{"b":2}[3]`, []framed{{`{"a":1}`, 0, 1, 1, false}, {`{"b":2}`, 7, 1, 8, false}, {`[3]`, 14, 1, 15, false}}},
		{"pretty-printed", "{\n  \"a\": {\n    \"b\": \"}\"\n  }\n}\n\n  {\n\"c\": 1\n}",
			[]framed{{"{\n  \"a\": {\n    \"b\": \"}\"\n  }\n}", 0, 1, 1, false}, {"{\n\"c\": 1\n}", 33, 7, 3, false}}},
		{"blank lines and CRLF", "\r\n\n{}\r\n\r\n\t []\r\n", []framed{{`{}`, 3, 3, 1, false}, {`[]`, 11, 5, 3, false}}},
		{"strings with brackets and escapes", `{"a":"{[\"\\"}{"b":"\\\\"}`, []framed{{`{"a":"{[\"\\"}`, 0, 1, 1, false}, {`{"b":"\\\\"}`, 14, 1, 15, false}}},
		{"byte-order mark", "\xEF\xBB\xBF{}\n{}", []framed{{`{}`, 3, 1, 1, false}, {`{}`, 6, 2, 1, false}}},
		{"empty", "", []framed{{"", 0, 1, 1, false}}},
		{"only whitespace", "   \n ", []framed{{"", 5, 2, 2, false}}},
		{"only a byte-order mark", "\xEF\xBB\xBF", []framed{{"", 3, 1, 1, false}}},
		{"a line break in a string ends the event", "{\"a\":\"cut\n{\"b\":1}\n", []framed{{"{\"a\":\"cut\n", 0, 1, 1, false}, {`{"b":1}`, 10, 2, 1, false}}},
		{"a bracket that does not match ends the line", "{\"a\":[1}, 2]\n{}", []framed{{`{"a":[1}, 2]`, 0, 1, 1, false}, {`{}`, 13, 2, 1, false}}},
		{"a stray word runs to the end of its line", "{}x {}\n[]", []framed{{`{}`, 0, 1, 1, false}, {`x {}`, 2, 1, 3, false}, {`[]`, 7, 2, 1, false}}},
		{"scalars", "1\n\"s\"\nnull", []framed{{`1`, 0, 1, 1, false}, {`"s"`, 2, 2, 1, false}, {`null`, 6, 3, 1, false}}},
		{"left open to the end", "{}\n{\"a\":[\n{}", []framed{{`{}`, 0, 1, 1, false}, {"{\"a\":[\n{}", 3, 2, 1, false}}},
		{"a stray closer", "}\n{}", []framed{{`}`, 0, 1, 1, false}, {`{}`, 2, 2, 1, false}}},
		{"a long string", `{"a":"` + strings.Repeat("x", 100) + `\"` + strings.Repeat("y", 50) + `"}{}`,
			[]framed{{`{"a":"` + strings.Repeat("x", 100) + `\"` + strings.Repeat("y", 50) + `"}`, 0, 1, 1, false}, {`{}`, 160, 1, 161, false}}},
		{"a long string cut by a line break", `{"a":"` + strings.Repeat("x", 100) + "\n{}",
			[]framed{{`{"a":"` + strings.Repeat("x", 100) + "\n", 0, 1, 1, false}, {`{}`, 107, 2, 1, false}}},
	}
	for _, tc := range tests {
		for name, reader := range readers {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				got, err := frame(t, reader(tc.in), stream.Options{Workers: 2})
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
			})
		}
	}
}

func TestTooLarge(t *testing.T) {
	big := `{"a":"` + strings.Repeat("x", 200) + `"}`
	in := "{}\n" + big + "\n[1]\n" + strings.Repeat("z", 300) + "\n{\"b\":[" + strings.Repeat("[]", 100) + "]}\n{}"
	for name, reader := range readers {
		t.Run(name, func(t *testing.T) {
			got, err := frame(t, reader(in), stream.Options{MaxEvent: 100})
			require.NoError(t, err)
			assert.Equal(t, []framed{
				{`{}`, 0, 1, 1, false},
				{``, 3, 2, 1, true},
				{`[1]`, 3 + int64(len(big)) + 1, 3, 1, false},
				{``, 3 + int64(len(big)) + 5, 4, 1, true},
				{``, 3 + int64(len(big)) + 5 + 301, 5, 1, true},
				{`{}`, 3 + int64(len(big)) + 5 + 301 + 209, 6, 1, false},
			}, got)
		})
	}
	err := (&stream.SizeError{Limit: 256 << 20})
	assert.Equal(t, "stream: event larger than 256 MiB", err.Error())
	assert.ErrorIs(t, err, stream.ErrTooLarge)
}

// The framer keeps no more than about one event and its buffers, however
// long the input: an endless stream of events ends when emit says so, and
// a single event over the limit is skipped, not held.
func TestBoundedMemory(t *testing.T) {
	endless := &repeater{unit: []byte(`{"Records":[{"eventSource":"aws:sqs","body":"` + strings.Repeat("b", 1000) + `"}]}` + "\n")}
	n := 0
	stop := errors.New("enough")
	err := stream.Map(endless, stream.Options{}, func(ev *stream.Event) int { return len(ev.Data) },
		func(ev *stream.Event, size int) error {
			if n++; n == 100_000 {
				return stop
			}
			return nil
		})
	require.ErrorIs(t, err, stop)
	assert.Greater(t, endless.read, int64(100_000*1000))

	open := &repeater{prefix: []byte(`{"a":[`), unit: []byte(`{"b":"c"},`), limit: 64 << 20}
	got, err := frame(t, open, stream.Options{MaxEvent: 1 << 20})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.True(t, got[0].TooLarge)
}

// repeater reads prefix, then unit over and over, up to limit bytes (0: no
// end).
type repeater struct {
	prefix, unit []byte
	limit, read  int64
	pos          int
}

func (r *repeater) Read(p []byte) (int, error) {
	if r.limit > 0 && r.read >= r.limit {
		return 0, io.EOF
	}
	n := 0
	if len(r.prefix) > 0 {
		n = copy(p, r.prefix)
		r.prefix = r.prefix[n:]
	}
	for n < len(p) {
		c := copy(p[n:], r.unit[r.pos:])
		n += c
		r.pos = (r.pos + c) % len(r.unit)
	}
	r.read += int64(n)
	return n, nil
}

func TestReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("{}\n[]\n{\"cut"), iotest.ErrReader(broken))
	got, err := frame(t, r, stream.Options{})
	require.ErrorIs(t, err, broken)
	assert.Equal(t, []framed{{`{}`, 0, 1, 1, false}, {`[]`, 3, 2, 1, false}}, got, "the event cut short is not emitted")
}

// Results come back in input order whatever the workers' speed.
func TestOrder(t *testing.T) {
	var in bytes.Buffer
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&in, "{\"i\":%d,\"pad\":\"%s\"}\n", i, strings.Repeat("p", i%300))
	}
	next := 0
	err := stream.Map(&in, stream.Options{Workers: 4}, func(ev *stream.Event) string {
		var i int
		_, err := fmt.Sscanf(string(ev.Data), `{"i":%d`, &i)
		require.NoError(t, err)
		return fmt.Sprint(i)
	}, func(ev *stream.Event, s string) error {
		assert.Equal(t, fmt.Sprint(next), s)
		assert.Equal(t, next+1, ev.Line)
		next++
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, n, next)
}

func TestPosition(t *testing.T) {
	ev := stream.Event{Data: []byte("{\n  \"a\": x\n}"), Line: 3, Col: 5}
	for _, tc := range []struct {
		off       int64
		line, col int
	}{{0, 3, 5}, {1, 3, 6}, {2, 4, 1}, {9, 4, 8}, {100, 5, 2}, {-1, 3, 5}} {
		line, col := ev.Position(tc.off)
		assert.Equal(t, []int{tc.line, tc.col}, []int{line, col}, "offset %d", tc.off)
	}
}

func TestDetect(t *testing.T) {
	reg := registry.New()
	require.NoError(t, reg.Register(registry.Source{ID: "test.a", Title: "A", New: func() any { return new(map[string]any) },
		Rule: registry.All(registry.PathEquals("kind", "a"))}))
	in := "{\"kind\":\"a\"}\n{\"kind\":\"b\"}\n{\"kind\":\n"
	var got []string
	err := stream.Detect(strings.NewReader(in), reg, stream.Options{}, func(ev *stream.Event, r stream.Result) error {
		switch {
		case errors.Is(r.Err, registry.ErrUnknownSource):
			got = append(got, fmt.Sprintf("%d unknown", ev.Line))
		case r.Err != nil:
			var se *registry.SyntaxError
			require.ErrorAs(t, r.Err, &se)
			line, col := ev.Position(se.Offset)
			got = append(got, fmt.Sprintf("%d:%d invalid", line, col))
		default:
			got = append(got, fmt.Sprintf("%d %s", ev.Line, r.ID))
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"1 test.a", "2 unknown", "4:1 invalid"}, got)
}

// FuzzFraming: whatever the input and however it is read, framing never
// panics, gives the same events read whole or a byte at a time, keeps
// them in order without overlap, each one its input's bytes at its
// offset with no whitespace around it, and frames a concatenation of
// valid JSON values into exactly those values.
func FuzzFraming(f *testing.F) {
	for _, s := range []string{
		"", " ", "{}", "{}\n[]", `{"a":"}"}{"b":[1,{"c":"\""}]}`, "{\"a\":\"x\ny\"}\n{}", "]\n{}", "{\"a\":[",
		"\ufeff{}", "1 2", `{"a":"\\"}`, "{}}\n[]", "\r\n{}\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		whole, err := frame(t, strings.NewReader(in), stream.Options{MaxEvent: 1 << 10})
		require.NoError(t, err)
		bytewise, err := frame(t, iotest.OneByteReader(strings.NewReader(in)), stream.Options{MaxEvent: 1 << 10})
		require.NoError(t, err)
		require.Equal(t, whole, bytewise, "the same events however the input is read")
		end := int64(0)
		for _, ev := range whole {
			require.GreaterOrEqual(t, ev.Offset, end, "in order, no overlap")
			if ev.TooLarge {
				end = ev.Offset
				continue
			}
			require.LessOrEqual(t, ev.Offset+int64(len(ev.Data)), int64(len(in)))
			require.Equal(t, in[ev.Offset:ev.Offset+int64(len(ev.Data))], ev.Data, "the input's bytes at the offset")
			require.Equal(t, strings.TrimLeft(ev.Data, " \t\r\n"), ev.Data, "no whitespace before")
			// ... nor after, but for the line break that cut a bad event
			// short inside a string (its error lies there), and the blanks
			// that end an input whose last event was left open (its error
			// is at the end of the input, as for a single event).
			trimmed := strings.TrimSuffix(strings.TrimSuffix(ev.Data, "\n"), "\r")
			leftOpen := ev.Offset+int64(len(ev.Data)) == int64(len(in)) && !json.Valid([]byte(strings.TrimSpace(ev.Data)))
			if !leftOpen {
				require.Equal(t, strings.TrimRight(trimmed, " \t\r\n"), trimmed, "no whitespace after")
			}
			end = ev.Offset + int64(len(ev.Data))
		}
		// Valid objects and arrays, concatenated: framed into exactly them.
		var values []string
		dec := json.NewDecoder(strings.NewReader(in))
		for {
			var v json.RawMessage
			if dec.Decode(&v) != nil {
				break
			}
			values = append(values, string(v))
		}
		if len(values) == 0 || dec.InputOffset() != int64(len(strings.TrimRight(in, " \t\r\n"))) {
			return
		}
		for _, v := range values {
			if v[0] != '{' && v[0] != '[' || len(v) > 1<<10 {
				return
			}
		}
		require.Len(t, whole, len(values))
		for i, v := range values {
			assert.Equal(t, v, whole[i].Data)
		}
	})
}
