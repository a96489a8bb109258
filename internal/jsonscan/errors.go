package jsonscan

import (
	"errors"
	"fmt"
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
