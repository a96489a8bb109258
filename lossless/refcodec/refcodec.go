// Package refcodec is the reference decoder of package lossless: the JSON
// is read by github.com/go-json-experiment/json (encoding/json/v2 to be),
// strictly (invalid UTF-8, lone surrogates and duplicate member names are
// errors), into free-form values, which [lossless.FromValue] then decodes
// into the typed value along the same compiled codecs as the map path.
//
// It exists as an oracle: tests and fuzzers compare the hand-written bytes
// decoder of [lossless.Unmarshal] against it, value for value and accept
// for reject. Built with the tag evplugin_refcodec, the registry decodes
// events through it instead of the hand-written decoder, a fallback should
// that decoder ever be in doubt. Importing it links go-json-experiment,
// which handler binaries otherwise do without.
package refcodec

import (
	stdjson "encoding/json"
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/evplugin/evplugin/lossless"
)

// Unmarshal decodes data into v as [lossless.Unmarshal] does.
func Unmarshal(data []byte, v any) error {
	if len(data) > lossless.MaxInput {
		return fmt.Errorf("refcodec: %w", lossless.ErrTooLarge)
	}
	var x any
	if err := json.Unmarshal(data, &x, opts); err != nil {
		return err
	}
	if u, ok := v.(stdjson.Unmarshaler); ok {
		if _, holder := v.(lossless.Holder); !holder {
			return u.UnmarshalJSON(data) // a plain type that decodes itself
		}
	}
	return lossless.FromValue(x, v)
}

var opts = json.WithUnmarshalers(json.UnmarshalFromFunc(unmarshalAny))

// unmarshalAny decodes a free-form value: map[string]any, []any, string,
// bool, nil, and numbers as encoding/json.Number, so no digit is lost.
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
