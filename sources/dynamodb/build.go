package dynamodb

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// The values of StreamRecord.StreamViewType: which images a stream's
// records carry.
const (
	ViewKeysOnly       = "KEYS_ONLY"          // Keys only
	ViewNewImage       = "NEW_IMAGE"          // Keys and NewImage
	ViewOldImage       = "OLD_IMAGE"          // Keys and OldImage
	ViewNewAndOldImage = "NEW_AND_OLD_IMAGES" // Keys, NewImage and OldImage
)

// Constructors of attribute values, for tests and for building items: each
// marshals to DynamoDB's JSON form of the value ({"S":"x"}, {"N":"1"}, ...).

// NewString returns the attribute {"S": s}.
func NewString(s string) AttributeValue { return AttributeValue{S: &s} }

// NewNumber returns the attribute {"N": text}; text is not checked here
// ([AttributeValue.Value] reports a malformed number).
func NewNumber(text string) AttributeValue { return AttributeValue{N: &text} }

// NewInt64 returns the attribute {"N": "n"}.
func NewInt64(n int64) AttributeValue { return NewNumber(strconv.FormatInt(n, 10)) }

// NewBinary returns the attribute {"B": base64 of b}.
func NewBinary(b []byte) AttributeValue {
	s := base64.StdEncoding.EncodeToString(b)
	return AttributeValue{B: &s}
}

// NewBool returns the attribute {"BOOL": b}.
func NewBool(b bool) AttributeValue { return AttributeValue{BOOL: &b} }

// NewNull returns the attribute {"NULL": true}.
func NewNull() AttributeValue {
	t := true
	return AttributeValue{NULL: &t}
}

// NewMap returns the attribute {"M": m}; a nil m is an empty map.
func NewMap(m map[string]AttributeValue) AttributeValue {
	if m == nil {
		m = map[string]AttributeValue{}
	}
	return AttributeValue{M: m}
}

// NewList returns the attribute {"L": [items...]}.
func NewList(items ...AttributeValue) AttributeValue {
	return AttributeValue{L: append([]AttributeValue{}, items...)}
}

// NewStringSet returns the attribute {"SS": [ss...]}.
func NewStringSet(ss ...string) AttributeValue {
	return AttributeValue{SS: append([]string{}, ss...)}
}

// NewNumberSet returns the attribute {"NS": [texts...]}.
func NewNumberSet(texts ...string) AttributeValue {
	return AttributeValue{NS: append([]string{}, texts...)}
}

// NewBinarySet returns the attribute {"BS": [base64 of each...]}.
func NewBinarySet(bs ...[]byte) AttributeValue {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = base64.StdEncoding.EncodeToString(b)
	}
	return AttributeValue{BS: out}
}

// errNotNumber is wrapped by the number accessors for any other type.
var errNotNumber = errors.New("not a number (N)")

// StringValue returns the value of an S attribute, and whether it is one.
func (a AttributeValue) StringValue() (string, bool) {
	if a.Type() != TypeString {
		return "", false
	}
	return *a.S, true
}

// BoolValue returns the value of a BOOL attribute, and whether it is one.
func (a AttributeValue) BoolValue() (bool, bool) {
	if a.Type() != TypeBool {
		return false, false
	}
	return *a.BOOL, true
}

// IsNull reports whether the attribute is {"NULL": true}.
func (a AttributeValue) IsNull() bool { return a.Type() == TypeNull && *a.NULL }

// Int64 returns an N attribute as an int64: an error for another type,
// a fraction or exponent, or a number outside int64's range.
func (a AttributeValue) Int64() (int64, error) {
	s, err := a.numberText()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, &AttributeError{Err: fmt.Errorf("number %q is not an int64", s)}
	}
	return n, nil
}

// Float returns an N attribute as the nearest float64: an error for
// another type or a number beyond float64's range. DynamoDB numbers have up
// to 38 digits, so the result may be rounded; keep the text (Value) where
// that matters.
func (a AttributeValue) Float() (float64, error) {
	s, err := a.numberText()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, &AttributeError{Err: fmt.Errorf("number %q is out of float64's range", s)}
	}
	return f, nil
}

// numberText returns the text of a well-formed N attribute.
func (a AttributeValue) numberText() (string, error) {
	if a.Type() != TypeNumber {
		return "", &AttributeError{Err: errNotNumber}
	}
	n, err := number("", *a.N)
	return string(n), err
}

// Binary returns a B attribute decoded from base64: an error for another
// type or text that is not base64.
func (a AttributeValue) Binary() ([]byte, error) {
	if a.Type() != TypeBinary {
		return nil, &AttributeError{Err: errors.New("not binary (B)")}
	}
	return binary("", *a.B)
}

// StringSet returns the items of an SS attribute, and whether it is one.
func (a AttributeValue) StringSet() ([]string, bool) {
	if a.Type() != TypeStringSet {
		return nil, false
	}
	return slices.Clone(a.SS), true
}
