package lossless

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The general codec: github.com/go-json-experiment/json (encoding/json/v2
// to be) with three caller-supplied codecs, built once. It marshals every
// event, and decodes the values the compiled decoder (decode.go) leaves to
// it:
//
//   - structs embedding [Extra]: members matched by exact name, unknown
//     members kept, null and present members remembered;
//   - any: objects, arrays, strings, booleans and numbers as
//     [encoding/json.Number], so no digit is lost;
//   - encoding/json.Number: written back as the literal it holds.
//
// Everything else (strings, integers, maps, slices, pointers) is decoded by
// the library itself.
var (
	unmarshalOpts = json.JoinOptions(
		json.WithUnmarshalers(json.JoinUnmarshalers(
			json.UnmarshalFromFunc(unmarshalObject),
			json.UnmarshalFromFunc(unmarshalAny),
			json.UnmarshalFromFunc(unmarshalNumber),
		)),
	)
	marshalOpts = json.JoinOptions(
		json.WithMarshalers(json.JoinMarshalers(
			json.MarshalToFunc(marshalObject),
			json.MarshalToFunc(marshalNumber),
		)),
		json.Deterministic(true),
	)
)

// Marshal encodes v, the inverse of [Unmarshal]: a value decoded by
// Unmarshal or [DecodeMapInto] marshals to JSON equal to its input.
func Marshal(v any) ([]byte, error) {
	return json.Marshal(v, marshalOpts)
}

func unmarshalObject(dec *jsontext.Decoder, h holder) error {
	v := reflect.ValueOf(h).Elem()
	p, err := planOf(v.Type())
	if err != nil {
		return err
	}
	switch k := dec.PeekKind(); k {
	case '{':
	case 'n': // null leaves the struct as it is, as the library does
		_, err := dec.ReadToken()
		return err
	default:
		// Reported here, never deferred to the library: it would call the
		// type's UnmarshalJSON, which calls Unmarshal again.
		if err := dec.SkipValue(); err != nil {
			return err
		}
		return fmt.Errorf("cannot decode a JSON %s into %v, an object", kindName(k), v.Type())
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	o := h.extra()
	o.present, o.null = 0, 0
	var scratch [64]byte
	for dec.PeekKind() != '}' {
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		name := raw[1 : len(raw)-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			if name, err = jsontext.AppendUnquote(scratch[:0], raw); err != nil {
				return err
			}
		}
		i, known := p.byName[string(name)]
		if !known {
			var x any
			if err := unmarshalAny(dec, &x); err != nil {
				return err
			}
			if o.Unknown == nil {
				o.Unknown = make(map[string]any, 1)
			}
			o.Unknown[string(name)] = x
			continue
		}
		o.present |= 1 << i
		f := v.FieldByIndex(p.fields[i].index)
		if dec.PeekKind() == 'n' {
			if _, err := dec.ReadToken(); err != nil {
				return err
			}
			o.null |= 1 << i
			f.SetZero()
			continue
		}
		if err := json.UnmarshalDecode(dec, f.Addr().Interface()); err != nil {
			return err
		}
	}
	_, err = dec.ReadToken()
	return err
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case '[':
		return "array"
	}
	return "value"
}

func marshalObject(enc *jsontext.Encoder, h holder) error {
	v := reflect.ValueOf(h).Elem()
	p, err := planOf(v.Type())
	if err != nil {
		return err
	}
	o := h.extra()
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for i, pf := range p.fields {
		f := v.FieldByIndex(pf.index)
		bit := uint64(1) << i
		null := false
		if f.IsZero() {
			if o.present&bit == 0 {
				continue
			}
			null = o.null&bit != 0
		}
		if err := enc.WriteToken(jsontext.String(pf.name)); err != nil {
			return err
		}
		if null {
			err = enc.WriteToken(jsontext.Null)
		} else {
			err = json.MarshalEncode(enc, f.Addr().Interface())
		}
		if err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(mapKeys(o.Unknown)) {
		if _, shadowed := p.byName[k]; shadowed {
			continue
		}
		if err := enc.WriteToken(jsontext.String(k)); err != nil {
			return err
		}
		if err := json.MarshalEncode(enc, o.Unknown[k]); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// unmarshalAny decodes a free-form value: map[string]any, []any, string,
// bool, nil, and numbers as encoding/json.Number.
func unmarshalAny(dec *jsontext.Decoder, out *any) error {
	switch dec.PeekKind() {
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		m := map[string]any{}
		for dec.PeekKind() != '}' {
			tok, err := dec.ReadToken()
			if err != nil {
				return err
			}
			name := tok.String() // before the next read voids tok
			var x any
			if err := unmarshalAny(dec, &x); err != nil {
				return err
			}
			m[name] = x
		}
		*out = m
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		a := []any{}
		for dec.PeekKind() != ']' {
			var x any
			if err := unmarshalAny(dec, &x); err != nil {
				return err
			}
			a = append(a, x)
		}
		*out = a
	case '0':
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		*out = stdjson.Number(raw)
		return nil
	default:
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		switch tok.Kind() {
		case '"':
			*out = tok.String()
		case 't', 'f':
			*out = tok.Bool()
		case 'n':
			*out = nil
		}
		return nil
	}
	_, err := dec.ReadToken() // the closing '}' or ']'
	return err
}

func unmarshalNumber(dec *jsontext.Decoder, n *stdjson.Number) error {
	switch dec.PeekKind() {
	case '0':
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		*n = stdjson.Number(raw)
		return nil
	case 'n':
		_, err := dec.ReadToken()
		*n = ""
		return err
	}
	return errors.ErrUnsupported
}

func marshalNumber(enc *jsontext.Encoder, n stdjson.Number) error {
	if n == "" {
		n = "0"
	}
	if _, err := strconv.ParseFloat(string(n), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("invalid number literal %q", string(n))
	}
	return enc.WriteValue(jsontext.Value(n))
}

// PathOf returns the JSON path of the value an error from [Unmarshal] is
// about, in the syntax rules use (`Records[0].body`), or "" when the error
// does not say.
func PathOf(err error) string {
	var pe *pathError
	if errors.As(err, &pe) {
		inner := PathOf(pe.err) // a fallback value's own path continues it
		if inner == "" {
			return pe.path()
		}
		if inner[0] == '[' {
			return pe.path() + inner
		}
		return pe.path() + "." + inner
	}
	var se *json.SemanticError
	if errors.As(err, &se) && se.JSONPointer != "" {
		return pointerToPath(string(se.JSONPointer))
	}
	var sx *jsontext.SyntacticError
	if errors.As(err, &sx) && sx.JSONPointer != "" {
		return pointerToPath(string(sx.JSONPointer))
	}
	return ""
}

func pointerToPath(ptr string) string {
	var b strings.Builder
	for tok := range jsontext.Pointer(ptr).Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && tok != "" && (tok == "0" || tok[0] != '0') {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}
