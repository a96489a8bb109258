package dynamodb

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// AttributeType names the form of an [AttributeValue] as DynamoDB's JSON
// spells its single key.
type AttributeType string

// The attribute types of DynamoDB.
const (
	TypeString    AttributeType = "S"
	TypeNumber    AttributeType = "N"
	TypeBinary    AttributeType = "B"
	TypeBool      AttributeType = "BOOL"
	TypeNull      AttributeType = "NULL"
	TypeMap       AttributeType = "M"
	TypeList      AttributeType = "L"
	TypeStringSet AttributeType = "SS"
	TypeNumberSet AttributeType = "NS"
	TypeBinarySet AttributeType = "BS"
)

// AttributeValue is one attribute in DynamoDB's JSON form: an object with
// exactly one of the keys below. Numbers keep their text (DynamoDB numbers
// have up to 38 digits) and binary values their base64 text;
// [AttributeValue.Value] converts them.
type AttributeValue struct {
	lossless.Extra
	S    *string                   `json:"S"`
	N    *string                   `json:"N"`
	B    *string                   `json:"B"` // base64
	BOOL *bool                     `json:"BOOL"`
	NULL *bool                     `json:"NULL"`
	M    map[string]AttributeValue `json:"M"`
	L    []AttributeValue          `json:"L"`
	SS   []string                  `json:"SS"`
	NS   []string                  `json:"NS"`
	BS   []string                  `json:"BS"` // base64
}

// Type tells which form the value has, or "" when it has none or several
// (which DynamoDB never sends).
func (a AttributeValue) Type() AttributeType {
	var t AttributeType
	n := 0
	set := func(ok bool, typ AttributeType) {
		if ok {
			t = typ
			n++
		}
	}
	set(a.S != nil, TypeString)
	set(a.N != nil, TypeNumber)
	set(a.B != nil, TypeBinary)
	set(a.BOOL != nil, TypeBool)
	set(a.NULL != nil, TypeNull)
	set(a.M != nil, TypeMap)
	set(a.L != nil, TypeList)
	set(a.SS != nil, TypeStringSet)
	set(a.NS != nil, TypeNumberSet)
	set(a.BS != nil, TypeBinarySet)
	if n != 1 {
		return ""
	}
	return t
}

// AttributeError is a malformed attribute: no type, several types, a
// number that is not a number, binary data that is not base64.
type AttributeError struct {
	Path string // where: "NewImage.address.zip", "NewImage.tags[2]"; "" for the value itself
	Err  error
}

// Error says which attribute is malformed and why.
func (e *AttributeError) Error() string {
	if e.Path == "" {
		return "dynamodb: attribute value: " + e.Err.Error()
	}
	return "dynamodb: attribute " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *AttributeError) Unwrap() error { return e.Err }

// Value converts the attribute to a plain Go value:
//
//	S     string
//	N     encoding/json.Number, the text exactly as sent (no rounding)
//	B     []byte, decoded from base64
//	BOOL  bool
//	NULL  nil
//	M     map[string]any
//	L     []any
//	SS    []string
//	NS    []json.Number
//	BS    [][]byte
//
// A malformed attribute, at any depth, is an [*AttributeError] naming it.
func (a AttributeValue) Value() (any, error) { return a.value("") }

// Unmarshal decodes the attribute into v as [UnmarshalMap] decodes a map.
func (a AttributeValue) Unmarshal(v any) error {
	x, err := a.Value()
	if err != nil {
		return err
	}
	return decode("attribute value", x, v)
}

func (a AttributeValue) value(path string) (any, error) {
	switch a.Type() {
	case TypeString:
		return *a.S, nil
	case TypeNumber:
		return number(path, *a.N)
	case TypeBinary:
		return binary(path, *a.B)
	case TypeBool:
		return *a.BOOL, nil
	case TypeNull:
		return nil, nil
	case TypeMap:
		return values(path, a.M)
	case TypeList:
		return each(path, a.L, AttributeValue.value)
	case TypeStringSet:
		return slices.Clone(a.SS), nil
	case TypeNumberSet:
		return each(path, a.NS, func(s, path string) (json.Number, error) { return number(path, s) })
	case TypeBinarySet:
		return each(path, a.BS, func(s, path string) ([]byte, error) { return binary(path, s) })
	}
	if a.S == nil && a.N == nil && a.B == nil && a.BOOL == nil && a.NULL == nil &&
		a.M == nil && a.L == nil && a.SS == nil && a.NS == nil && a.BS == nil {
		return nil, &AttributeError{Path: path, Err: errors.New("no type")}
	}
	return nil, &AttributeError{Path: path, Err: errors.New("more than one type")}
}

// Values converts a map of attributes (an item image, its keys) to plain
// Go values as [AttributeValue.Value] does; a nil map gives nil.
func Values(m map[string]AttributeValue) (map[string]any, error) { return values("", m) }

func values(path string, m map[string]AttributeValue) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]any, len(m))
	for k, a := range m {
		p := k
		if path != "" {
			p = path + "." + k
		}
		v, err := a.value(p)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// each converts the elements of a list or set at path, each at its own
// path, stopping at the first error.
func each[E, T any](path string, in []E, conv func(E, string) (T, error)) ([]T, error) {
	out := make([]T, len(in))
	for i, x := range in {
		v, err := conv(x, index(path, i))
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func number(path, s string) (json.Number, error) {
	if !isNumber(s) {
		return "", &AttributeError{Path: path, Err: fmt.Errorf("invalid number %q", s)}
	}
	return json.Number(s), nil
}

func binary(path, s string) ([]byte, error) {
	b, err := body.Base64(s)
	if err != nil {
		return nil, &AttributeError{Path: path, Err: err}
	}
	return b, nil
}

// isNumber reports whether s is a number as JSON writes one, which is
// how DynamoDB writes its numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isNumber(s string) bool {
	i := 0
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}
