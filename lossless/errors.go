package lossless

import (
	stdjson "encoding/json"
	"errors"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// SyntaxError reports invalid JSON and the byte offset where it was found;
// errors.Is(err, [ErrInvalidJSON]) holds for it.
type SyntaxError = jsonscan.SyntaxError

// ErrInvalidJSON is what every [SyntaxError] wraps.
var ErrInvalidJSON = jsonscan.ErrInvalidJSON

// MaxInput is the largest document, in bytes, the decoders and detection
// take: offsets are 32-bit. Larger input is a *SizeError wrapping
// [ErrTooLarge], refused before it is read.
const MaxInput = jsonscan.MaxInput

// ErrTooLarge: the input is over [MaxInput] bytes.
var ErrTooLarge = jsonscan.ErrTooLarge

// SizeError reports an input over [MaxInput] bytes.
type SizeError = jsonscan.SizeError

// PathOf returns the JSON path of the value an error from [Unmarshal] or
// [DecodeMapInto] is about, in the syntax rules use (`Records[0].body`), or
// "" when the error does not say.
func PathOf(err error) string {
	var pe *pathError
	if errors.As(err, &pe) {
		return pe.path()
	}
	return ""
}

// pathError is an error found at a JSON path; each level it passes on its
// way out adds its segment.
type pathError struct {
	rev []string // segments, innermost first: ".body", "[0]", ".Records"
	err error
}

func (e *pathError) Error() string { return e.path() + ": " + e.err.Error() }

func (e *pathError) Unwrap() error { return e.err }

func (e *pathError) path() string {
	var b strings.Builder
	for i := len(e.rev) - 1; i >= 0; i-- {
		b.WriteString(e.rev[i])
	}
	return strings.TrimPrefix(b.String(), ".")
}

// at adds a path segment to err; nil stays nil.
func at(err error, seg string) error {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*pathError); ok {
		pe.rev = append(pe.rev, seg)
		return pe
	}
	return &pathError{rev: []string{seg}, err: err}
}

// memberSeg is the path segment of an object member.
func memberSeg(name string) string {
	if name == "" || strings.ContainsAny(name, ".[]\"") {
		b, _ := stdjson.Marshal(name)
		return "[" + string(b) + "]"
	}
	return "." + name
}
