package printer_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
)

// order is a user's own plain struct: no lossless.Extra, a tagged secret.
type order struct {
	ID       string            `json:"id"`
	Card     string            `json:"card" sensitive:"true"`
	Customer customer          `json:"customer"`
	Lines    []line            `json:"lines"`
	Headers  map[string]string `json:"headers"`
	Note     *string           `json:"note"`
	Meta     map[string]any    `json:"meta"`
	Paid     bool              `json:"paid"`
}

type customer struct {
	Name   string `json:"name"`
	APIKey string `json:"apiKey"` // masked by its name
}

type line struct {
	SKU   string  `json:"sku"`
	Price float64 `json:"price"`
	Qty   uint64  `json:"qty"`
}

func newOrder() order {
	return order{
		ID:       "o-1",
		Card:     "4111-1111",
		Customer: customer{Name: "Ann", APIKey: "key-123"},
		Lines:    []line{{"a", 1.5, 2}, {"b", 10, 18446744073709551615}},
		Headers:  map[string]string{"Authorization": "Bearer abc", "Accept": "*/*"},
		Meta:     map[string]any{"": "empty name", "empty": map[string]any{}, "body": `{"password":"p4ss","x":1}`},
		Paid:     true,
	}
}

// logJSON logs v as the attribute "event" with slog's JSON handler and
// returns the line decoded, numbers as json.Number.
func logJSON(t *testing.T, v slog.LogValuer) map[string]any {
	t.Helper()
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("event", "event", v)
	return decodeJSON(t, b.Bytes())
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	m, ok := decodeAny(t, b).(map[string]any)
	require.True(t, ok, "not an object: %s", b)
	return m
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v), "%s", b)
	return v
}

func TestLogValueJSON(t *testing.T) {
	o := newOrder()
	line := logJSON(t, printer.LogValue(&o))
	event, ok := line["event"].(map[string]any)
	require.True(t, ok, "the event is a nested object: %v", line)

	// The line holds what the printer prints, masks and all.
	want := decodeJSON(t, []byte(printer.Sprint(&o)))
	assert.Equal(t, want, event)

	assert.Equal(t, printer.Sensitive, event["card"])
	assert.Equal(t, printer.Sensitive, event["customer"].(map[string]any)["apiKey"])
	assert.Equal(t, printer.Sensitive, event["headers"].(map[string]any)["Authorization"])
	assert.Equal(t, `{"password":"[SENSITIVE]","x":1}`, event["meta"].(map[string]any)["body"])
	assert.Equal(t, map[string]any{}, event["meta"].(map[string]any)["empty"], "an empty object stays")
	assert.Equal(t, "empty name", event["meta"].(map[string]any)[""], "a member named \"\" stays in its object")
	assert.Equal(t, []any{
		map[string]any{"sku": "a", "price": json.Number("1.5"), "qty": json.Number("2")},
		map[string]any{"sku": "b", "price": json.Number("10"), "qty": json.Number("18446744073709551615")},
	}, event["lines"], "lists are JSON arrays")
	assert.NotContains(t, line, "note", "a nil pointer is left out, as the printer leaves it")
	for _, secret := range []string{"4111", "key-123", "Bearer", "p4ss"} {
		assert.NotContains(t, strings.Join(logLeaves(line), "\n"), secret)
	}
}

// logLeaves returns every string and number in v.
func logLeaves(v any) []string {
	switch v := v.(type) {
	case map[string]any:
		var out []string
		for _, e := range v {
			out = append(out, logLeaves(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, logLeaves(e)...)
		}
		return out
	case string:
		return []string{v}
	case json.Number:
		return []string{v.String()}
	}
	return nil
}

func TestLogValueKinds(t *testing.T) {
	o := newOrder()
	v := printer.LogValue(&o).LogValue()
	require.Equal(t, slog.KindGroup, v.Kind())
	got := map[string]slog.Value{}
	for _, a := range v.Group() {
		got[a.Key] = a.Value
	}
	assert.Equal(t, slog.KindString, got["id"].Kind())
	assert.Equal(t, slog.KindBool, got["paid"].Kind())
	assert.Equal(t, slog.KindGroup, got["customer"].Kind())
	assert.Equal(t, slog.KindAny, got["lines"].Kind(), "a list is one value")
	assert.Equal(t, slog.KindAny, got["meta"].Kind(), "an object with a member named \"\" is one value")

	n := printer.LogValue(map[string]any{"i": -3, "u": uint64(1 << 63), "f": 0.25, "nil": nil}).LogValue()
	kinds := map[string]slog.Kind{}
	for _, a := range n.Group() {
		kinds[a.Key] = a.Value.Kind()
	}
	assert.Equal(t, map[string]slog.Kind{"i": slog.KindInt64, "u": slog.KindUint64, "f": slog.KindAny, "nil": slog.KindAny}, kinds)

	assert.Equal(t, "x", printer.LogValue("x").LogValue().String(), "a scalar is a scalar")
	assert.Equal(t, `[1,"a"]`, printer.LogValue([]any{1, "a"}).LogValue().String())
}

func TestLogValueText(t *testing.T) {
	o := newOrder()
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Info("event", "event", printer.LogValue(&o))
	out := b.String()
	for _, want := range []string{
		"event.id=o-1", "event.card=[SENSITIVE]", "event.customer.name=Ann", "event.customer.apiKey=[SENSITIVE]",
		"event.headers.Authorization=[SENSITIVE]", "event.paid=true",
		`event.lines="[{\"sku\":\"a\",\"price\":1.5,\"qty\":2},`,
	} {
		assert.Contains(t, out, want)
	}
	for _, secret := range []string{"4111", "key-123", "Bearer", "p4ss"} {
		assert.NotContains(t, out, secret)
	}
}

// TestLogValueDerived: derived values show only when asked, within the
// budget.
func TestLogValueDerived(t *testing.T) {
	d := derived{Body: `{"a":"b"}`}
	event := logJSON(t, printer.LogValue(d))["event"].(map[string]any)
	assert.Equal(t, map[string]any{"body": `{"a":"b"}`}, event)

	event = logJSON(t, printer.LogValue(d, printer.WithDerived()))["event"].(map[string]any)
	assert.Equal(t, decodeJSON(t, []byte(printer.Sprint(d))), event)
	assert.Equal(t, `{"A":"B"}`, event["Upper()"])

	long := derived{Body: strings.Repeat("x", 10_000)}
	event = logJSON(t, printer.LogValue(long, printer.WithDerived(), printer.Budget(100)))["event"].(map[string]any)
	assert.Contains(t, event["Upper()"], "more bytes]")
	assert.Len(t, event["body"], 10_000, "the fields print whole")
}

// TestLogValueLazy: the value is rendered when a handler asks for it, so a
// disabled level costs nothing; a panicking method is a marker.
func TestLogValueLazy(t *testing.T) {
	var b bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c := &counted{}
	log.Info("event", "event", printer.LogValue(c, printer.WithDerived()))
	assert.Zero(t, c.calls, "rendered for a disabled level")
	log.Warn("event", "event", printer.LogValue(c, printer.WithDerived()))
	assert.Equal(t, 1, c.calls)

	b.Reset()
	log.Warn("event", "event", printer.LogValue(&panicky{}, printer.WithDerived()))
	assert.Equal(t, map[string]any{"Derived()": printer.Undecodable}, decodeJSON(t, b.Bytes())["event"])
}

// counted counts the calls of its Derived method.
type counted struct{ calls int }

func (c *counted) Derived() []printer.Derived { c.calls++; return nil }

// TestLogValueSensitivePaths: a Masker's paths, "**" included, and a
// Redactor's texts mask the log as they mask the printout.
func TestLogValueSensitivePaths(t *testing.T) {
	for _, v := range []any{
		&claimsMasked{Claims: map[string]any{"sub": "u", "groups": []any{"a", "b"}}, Query: "code=abc&x=1"},
		&leaky{},
	} {
		got := logJSON(t, printer.LogValue(v))["event"]
		assert.Equal(t, decodeAny(t, []byte(printer.Sprint(v, printer.WithoutDerived()))), got)
		assert.NotContains(t, logLeaves(got), "abc")
		assert.NotContains(t, logLeaves(got), "u")
	}
}

type claimsMasked struct {
	Claims map[string]any `json:"claims"`
	Query  string         `json:"query"`
}

func (claimsMasked) SensitivePaths() []string { return []string{"claims.**"} }

func (claimsMasked) Redacted() map[string]string {
	return map[string]string{"query": "code=[SENSITIVE]&x=1"}
}
