package jsonscan

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrInvalidJSON is what every [SyntaxError] wraps.
var ErrInvalidJSON = errors.New("invalid JSON")

// SyntaxError reports invalid JSON and the byte offset where it was found.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.Offset, e.Msg)
}

// Unwrap makes errors.Is(err, ErrInvalidJSON) hold.
func (e *SyntaxError) Unwrap() error { return ErrInvalidJSON }

// Step is one step of a path: a member name, or an array index when Index
// is not negative.
type Step struct {
	Key   string
	Index int
}

func (s Step) String() string {
	if s.Index >= 0 {
		return "[" + strconv.Itoa(s.Index) + "]"
	}
	return s.Key
}

// MaxInput is the largest input, in bytes, that detection and the decoders
// accept: they record offsets as int32.
const MaxInput = math.MaxInt32

// ErrTooLarge is what every [SizeError] wraps.
var ErrTooLarge = errors.New("input too large")

// SizeError reports an input over [MaxInput] bytes, refused before it is
// read.
type SizeError struct {
	Size int // of the input, in bytes
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("input too large: %d bytes, over the limit of %d bytes (MaxInput)", e.Size, MaxInput)
}

// Unwrap makes errors.Is(err, ErrTooLarge) hold.
func (e *SizeError) Unwrap() error { return ErrTooLarge }

// CheckSize returns a [*SizeError] when an input of n bytes is over
// [MaxInput], and nil otherwise. Detection and the decoders call it first.
func CheckSize(n int) error {
	if n > MaxInput {
		return &SizeError{Size: n}
	}
	return nil
}
