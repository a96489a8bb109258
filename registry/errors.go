package registry

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// Sentinel errors; the typed errors below wrap them for [errors.Is].
var (
	// ErrUnknownSource: no registered rule matches the event.
	ErrUnknownSource = errors.New("registry: unknown source")
	// ErrInvalidJSON: the input is not valid JSON; every [SyntaxError]
	// wraps it.
	ErrInvalidJSON = jsonscan.ErrInvalidJSON
	// ErrDuplicate: a source with that ID is registered already.
	ErrDuplicate = errors.New("registry: duplicate source")
	// ErrInvalidSource: a registration is incomplete or malformed.
	ErrInvalidSource = errors.New("registry: invalid source")
	// ErrNoSource: Lookup or a forced decode named an ID nobody registered.
	ErrNoSource = errors.New("registry: no such source")
	// ErrTooLarge: the input is over [MaxInput] bytes; every [SizeError]
	// wraps it.
	ErrTooLarge = jsonscan.ErrTooLarge
)

// MaxInput is the largest input, in bytes, that detection, explanation and
// decoding accept (2 GiB - 1: offsets are int32). A larger one is a
// [*SizeError], refused before it is read.
const MaxInput = jsonscan.MaxInput

// SizeError reports an input over [MaxInput] bytes.
type SizeError = jsonscan.SizeError

// SyntaxError reports invalid JSON and the byte offset where it was found.
// Detection and both decode paths return it.
type SyntaxError = jsonscan.SyntaxError

// AmbiguousError reports that several sources of the same priority match.
type AmbiguousError struct {
	IDs      []string
	Priority int
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("registry: ambiguous event: %s all match at priority %d", strings.Join(e.IDs, ", "), e.Priority)
}

// UnknownError reports that no rule matched, naming the nearest candidate
// and the first condition it lacked.
type UnknownError struct {
	Nearest string // the source that matched the most conditions, or ""
	Lacked  string // why it did not match
}

func (e *UnknownError) Error() string {
	if e.Nearest == "" {
		return ErrUnknownSource.Error()
	}
	return fmt.Sprintf("%s (nearest: %s, which lacks %s)", ErrUnknownSource, e.Nearest, e.Lacked)
}

// Unwrap makes errors.Is(err, ErrUnknownSource) hold.
func (e *UnknownError) Unwrap() error { return ErrUnknownSource }

// DecodeError reports a value that could not be decoded into a source's
// type, with the JSON path where it happened.
type DecodeError struct {
	Source string // the source ID
	Path   string // for example `Records[0].messageAttributes.n.stringValue`; "" is the top
	Err    error
}

func (e *DecodeError) Error() string {
	path := e.Path
	if path == "" {
		path = "(top level)"
	}
	return fmt.Sprintf("registry: decode %s at %s: %v", e.Source, path, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }
