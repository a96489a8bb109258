package printer_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
)

type secretive struct {
	User     string            `json:"user"`
	Password string            `json:"password" sensitive:"true"`
	Token    *string           `json:"token" sensitive:"true"`
	Empty    string            `json:"empty" sensitive:"true"`
	Headers  map[string]string `json:"headers"`
	hidden   string
	Skipped  string `json:"-"`
	Untagged int
}

type base struct {
	ID string `json:"id"`
}

type withExtras struct {
	base
	Name  string         `json:"name"`
	Extra map[string]any `json:"-" print:"inline"`
}

type derived struct {
	Body string `json:"body"`
}

func (d derived) Derived() []printer.Derived {
	return []printer.Derived{
		printer.Derive("Upper", d.Upper),
		printer.DeriveInto("Parsed", d.Parsed),
		printer.Derive("Broken", d.Broken),
		printer.Derive("Panics", d.Panics),
		printer.Derive("Nothing", d.Nothing),
		printer.DeriveInto("NothingInto", d.NothingInto),
		printer.Derive[int]("NilFunc", nil),
		printer.DeriveInto("NilInto", nil),
		printer.Derive("", d.Upper),
		{},
	}
}
func (d derived) Upper() (string, error) { return strings.ToUpper(d.Body), nil }
func (d derived) Parsed(v any) error     { return json.Unmarshal([]byte(d.Body), v) }
func (d derived) Broken() (int, error)   { return 0, errors.New("no") }
func (d derived) Panics() (int, error)   { panic("boom") }
func (d derived) Nothing() (*int, error) { return nil, nil }
func (d derived) NothingInto(any) error  { return nil }

// panicky's Derived itself panics.
type panicky struct {
	A string `json:"a"`
}

func (panicky) Derived() []printer.Derived { panic("boom") }

// leaky cannot tell which of its values are secret.
type leaky struct {
	Secret string `json:"secret"`
}

func (leaky) SensitivePaths() []string { panic("boom") }

// byPointer has its methods on the pointer; printed by value, they are
// still found.
type byPointer struct {
	N int `json:"n"`
}

func (b *byPointer) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Double", b.Double)}
}
func (b *byPointer) Double() (int, error)     { return 2 * b.N, nil }
func (b *byPointer) SensitivePaths() []string { return []string{"n"} }

type masked struct {
	Doc map[string]any `json:"doc"`
}

func (m masked) SensitivePaths() []string {
	return []string{"doc.headers.X-Secret", "doc.list[1]", "doc.items.*.pin"}
}

type node struct {
	Name string `json:"name"`
	Next *node  `json:"next"`
}

func TestSprint(t *testing.T) {
	tok := "t0ken"
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "null"},
		{"scalars", []any{1, -2.5, true, "x\"y\n", json.Number("1.50"), uint8(7)}, `[
  1,
  -2.5,
  true,
  "x\"y\n",
  1.50,
  7
]`},
		{"sorted map", map[string]int{"b": 2, "a": 1, "c": 3}, `{
  "a": 1,
  "b": 2,
  "c": 3
}`},
		{"secrets", secretive{User: "u", Password: "hunter2", Token: &tok, Headers: map[string]string{"k": "v"}, hidden: "h", Skipped: "s", Untagged: 4}, `{
  "user": "u",
  "password": "[SENSITIVE]",
  "token": "[SENSITIVE]",
  "headers": {
    "k": "v"
  },
  "Untagged": 4
}`},
		{"embedded and inline", &withExtras{base: base{ID: "1"}, Name: "n", Extra: map[string]any{"z": 1, "a": nil}}, `{
  "id": "1",
  "name": "n",
  "a": null,
  "z": 1
}`},
		{"derived", derived{Body: `{"k":[1,2]}`}, `{
  "body": "{\"k\":[1,2]}",
  "Upper()": "{\"K\":[1,2]}",
  "Parsed()": {
    "k": [
      1,
      2
    ]
  },
  "Broken()": "[Cannot be deserialized]",
  "Panics()": "[Cannot be deserialized]",
  "NilFunc()": "[Nothing to call]",
  "NilInto()": "[Nothing to call]",
  "()": "[Nothing to call]",
  "()": "[Nothing to call]"
}`},
		{"Derived panics", panicky{A: "a"}, `{
  "a": "a",
  "Derived()": "[Cannot be deserialized]"
}`},
		{"SensitivePaths panics", map[string]any{"v": leaky{Secret: "s"}, "w": 1}, `{
  "v": "[SENSITIVE]",
  "w": 1
}`},
		{"pointer receivers", []byPointer{{N: 2}}, `[
  {
    "n": "[SENSITIVE]",
    "Double()": 4
  }
]`},
		{"masked paths", masked{Doc: map[string]any{
			"headers": map[string]any{"X-Secret": "s3cr3t", "Other": "ok"},
			"list":    []any{"a", "hidden-b", "c"},
			"items":   map[string]any{"x": map[string]any{"pin": "1234", "id": 1}},
		}}, `{
  "doc": {
    "headers": {
      "Other": "ok",
      "X-Secret": "[SENSITIVE]"
    },
    "items": {
      "x": {
        "id": 1,
        "pin": "[SENSITIVE]"
      }
    },
    "list": [
      "a",
      "[SENSITIVE]",
      "c"
    ]
  }
}`},
		{"bytes", [][]byte{[]byte("text"), {0xff, 0x00}}, `[
  "text",
  "base64:/wA="
]`},
		{"odd values", []any{math.NaN(), math.Inf(1), func() {}, make(chan int), errors.New("bad"), time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)}, `[
  "NaN",
  "+Inf",
  "[func]",
  "[chan]",
  "bad",
  "2024-01-02T03:04:05.000000006Z"
]`},
		{"empty containers", map[string]any{"m": map[string]any{}, "s": []any{}}, `{
  "m": {},
  "s": []
}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want+"\n", printer.Sprint(tt.in))
		})
	}
}

func TestCycleAndDepth(t *testing.T) {
	a := &node{Name: "a"}
	a.Next = &node{Name: "b", Next: a}
	out := printer.Sprint(a)
	assert.Contains(t, out, `"next": "[cycle]"`)

	// The same pointer twice, side by side, is no cycle.
	shared := &node{Name: "s"}
	out = printer.Sprint([]*node{shared, shared})
	assert.Equal(t, "[\n  {\n    \"name\": \"s\"\n  },\n  {\n    \"name\": \"s\"\n  }\n]\n", out)

	var deep any = "leaf"
	for range 100 {
		deep = []any{deep}
	}
	out = printer.Sprint(deep, printer.MaxDepth(10))
	assert.Contains(t, out, printer.TooDeep)
	assert.NotContains(t, out, "leaf")
}

func TestOptions(t *testing.T) {
	v := secretive{User: "u"}
	assert.Equal(t, "{\n  \"user\": \"u\"\n}\n", printer.Sprint(v))
	assert.Contains(t, printer.Sprint(v, printer.WithZero()), `"empty": "[SENSITIVE]"`)
	assert.Equal(t, "{\n  \"body\": \"x\"\n}\n", printer.Sprint(derived{Body: "x"}, printer.WithoutDerived()))
	assert.Equal(t, "{\n\t\"user\": \"u\"\n}\n", printer.Sprint(struct {
		User string `json:"user"`
	}{"u"}, printer.Indent("\t")))
}

func TestDeterministicAndPure(t *testing.T) {
	m := map[string]any{}
	for i := range 200 {
		m[strings.Repeat("k", i%7)+string(rune('a'+i%26))] = i
	}
	first := printer.Sprint(m)
	for range 20 {
		require.Equal(t, first, printer.Sprint(m))
	}

	// Printing reads and never writes: secrets are masked in the view, not
	// in the value's maps and slices.
	doc := func() *masked {
		return &masked{Doc: map[string]any{
			"headers": map[string]any{"X-Secret": "s3cr3t"},
			"list":    []any{"a", "hidden-b"},
			"items":   map[string]any{"x": map[string]any{"pin": "1234"}},
		}}
	}
	v := doc()
	out := printer.Sprint(v)
	require.Equal(t, 3, strings.Count(out, printer.Sensitive), out)
	assert.Equal(t, doc(), v, "printing changed the value")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestFprintReportsWriterErrors(t *testing.T) {
	assert.EqualError(t, printer.Fprint(failingWriter{}, 1), "disk full")
}

type extras struct {
	Unknown map[string]any `json:"-" print:"inline"`
}

type extrasFirst struct {
	extras
	Name string `json:"name"`
}

func TestInlineMembersPrintAfterFields(t *testing.T) {
	out := printer.Sprint(extrasFirst{extras: extras{Unknown: map[string]any{"zzz": 1, "aaa": 2}}, Name: "n"})
	assert.Equal(t, "{\n  \"name\": \"n\",\n  \"aaa\": 2,\n  \"zzz\": 1\n}\n", out)
}
