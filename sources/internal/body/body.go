// Package body decodes the payloads events carry: base64 text and JSON
// documents, with clear errors and no panics.
package body

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evplugin/evplugin/lossless"
)

// Decode returns the bytes of a body: the base64 decoding of s when
// isBase64 is set, s itself otherwise.
func Decode(s string, isBase64 bool) ([]byte, error) {
	if !isBase64 {
		return []byte(s), nil
	}
	return Base64(s)
}

// Optional is Decode for an optional body: nil, and no error, when s is
// empty.
func Optional(s string, isBase64 bool) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	return Decode(s, isBase64)
}

// DecodeJSON decodes a body (base64 text when isBase64 is set) holding a
// JSON document into v; an empty body is [ErrEmpty].
func DecodeJSON(s string, isBase64 bool, v any) error {
	b, err := Decode(s, isBase64)
	if err != nil {
		return err
	}
	return JSON(b, v)
}

// Base64 decodes strict standard base64: padded, with zero trailing bits
// ("TestBinary" is an error), ignoring line breaks.
func Base64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("base64: %w", err)
	}
	return b, nil
}

// Base64Text decodes strict base64 (see [Base64]) holding UTF-8 text;
// bytes that are not UTF-8 are an error, not replacement characters.
func Base64Text(s string) (string, error) {
	b, err := Base64(s)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", errors.New("text: not UTF-8")
	}
	return string(b), nil
}

// SignedBytes returns the bytes that numbers stand for, as Java writes a
// byte[] to JSON: signed, -128 to 127 (-1 is 0xff), though 128 to 255 are
// taken as the same bytes unsigned. Any other number is an error naming
// its index.
func SignedBytes(ns []int64) ([]byte, error) {
	b := make([]byte, len(ns))
	for i, n := range ns {
		if n < -128 || n > 255 {
			return nil, fmt.Errorf("bytes: [%d] %d is no byte", i, n)
		}
		b[i] = byte(n) // two's complement for -128..-1
	}
	return b, nil
}

// Scalar renders a free-form JSON scalar as text: a string as it is, a
// number ([json.Number]) with its digits, a boolean as true or false. ok is
// false for anything else (null, objects, arrays).
func Scalar(v any) (text string, ok bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// ErrEmpty is the error of decoding an empty body as JSON. It has the
// method NothingToDerive, so that the printer leaves a derived value failing
// with it out of the view: no body is not a failure to decode one.
var ErrEmpty error = emptyError{}

type emptyError struct{}

func (emptyError) Error() string         { return "json: empty body" }
func (emptyError) NothingToDerive() bool { return true }

// JSON decodes one JSON document into v as encoding/json does, with numbers
// in free-form values as json.Number. Trailing data is an error, and no
// data at all is [ErrEmpty].
func JSON(data []byte, v any) error {
	if v == nil {
		return errors.New("json: nil target")
	}
	if len(data) == 0 {
		return ErrEmpty
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("json: data after the document")
	}
	return nil
}

// Object decodes s, text holding a JSON object, losslessly into a new T
// (see [lossless.Unmarshal]) and checks the result with valid; anything
// else (plain text, null, an array) is refused up front. Errors start with
// what ("s3: not an S3 event").
func Object[T any](s, what string, valid func(*T) error) (*T, error) {
	v := new(T)
	err := errors.New("not a JSON object")
	if strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{") {
		if err = lossless.Unmarshal([]byte(s), v); err == nil {
			err = valid(v)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}
