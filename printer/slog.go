package printer

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
)

// WithDerived shows derived values, as [Fprint] does by default; for
// [LogValue], which leaves them out unless given this option.
func WithDerived() Option { return func(c *config) { c.derived = true } }

// LogValue returns v as a log/slog value: the value [Fprint] prints, with
// the same masks, as a nested group of attributes, so that
//
//	slog.Info("event", "event", printer.LogValue(e))
//
// with slog's JSON handler writes the event as a nested object, every
// secret [Sensitive]. It renders v when a handler asks for the value (a
// record that is logged), not when LogValue is called.
//
// Objects are groups, members in the order the printer shows them. slog
// has no list kind: a list is one value that marshals to its JSON array
// (json.Marshaler, so the JSON handler nests it) and to the same JSON as
// text (encoding.TextMarshaler, for the text handler); so is an empty
// object, which slog would drop as an empty group, and an object with a
// member named "", which slog would inline. Strings are strings, integers
// int64 or uint64 values, other numbers [encoding/json.Number] as the
// printer shows them, true and false bools, null a nil.
//
// Derived values are left out, unless [WithDerived] is given: a log line
// holds the event as it arrived. A body that carries an event of a
// registered source then shows as the note that points to Payload(). The
// other options are those of [Fprint]; derived values print within the
// budget.
func LogValue(v any, opts ...Option) slog.LogValuer {
	return logValue{v, opts}
}

type logValue struct {
	v    any
	opts []Option
}

// LogValue renders the value.
func (l logValue) LogValue() slog.Value {
	c := config{maxDepth: 64, budget: DefaultBudget}
	return render(l.v, &c, l.opts).slogValue()
}

// slogValue converts the rendered value to a slog value.
func (t *tree) slogValue() slog.Value {
	switch t.kind {
	case '{':
		if len(t.vals) == 0 {
			return slog.AnyValue(jsonValue{t})
		}
		attrs := make([]slog.Attr, len(t.vals))
		for i, v := range t.vals {
			if t.keys[i] == "" {
				return slog.AnyValue(jsonValue{t})
			}
			attrs[i] = slog.Attr{Key: t.keys[i], Value: v.slogValue()}
		}
		return slog.GroupValue(attrs...)
	case '[':
		return slog.AnyValue(jsonValue{t})
	}
	switch s := t.lit; {
	case s == "null":
		return slog.AnyValue(nil)
	case s == "true", s == "false":
		return slog.BoolValue(s == "true")
	case s != "" && s[0] == '"':
		var u string
		if json.Unmarshal([]byte(s), &u) != nil {
			return slog.StringValue(s)
		}
		return slog.StringValue(u)
	default:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return slog.Int64Value(n)
		}
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return slog.Uint64Value(n)
		}
		return slog.AnyValue(json.Number(s))
	}
}

// jsonValue is a rendered list or object logged as one value: its JSON.
type jsonValue struct{ t *tree }

// MarshalJSON returns the value as compact JSON.
func (j jsonValue) MarshalJSON() ([]byte, error) {
	var b, c bytes.Buffer
	j.t.write(&b, "", 0)
	err := json.Compact(&c, b.Bytes())
	return c.Bytes(), err
}

// MarshalText returns the same JSON, for handlers writing text.
func (j jsonValue) MarshalText() ([]byte, error) { return j.MarshalJSON() }

// String returns the same JSON, for handlers formatting values with fmt.
func (j jsonValue) String() string {
	b, _ := j.MarshalJSON()
	return string(b)
}
