package batch

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
)

// ErrNotProcessed is the cause, wrapped with the reason, of a record that
// was never given to the function: an earlier record failed where order
// matters (a FIFO queue, [StopOnFirstFailure], [SkipGroupOnError]), or the
// context ended first (the error wraps its cause too).
var ErrNotProcessed = errors.New("batch: not processed")

// ItemError is one record that failed.
type ItemError struct {
	// Index is the position of the record in the records given.
	Index int
	// ID is the record's identifier in the response: the message ID, the
	// sequence number, or for Kafka "topic-partition@offset".
	ID string
	// Err is the cause: the function's error, a [*PanicError], or an error
	// wrapping [ErrNotProcessed].
	Err error
}

// Error names the record and its cause.
func (e *ItemError) Error() string { return "batch: " + e.describe() }

func (e *ItemError) describe() string {
	return "record " + strconv.Itoa(e.Index) + " (" + e.ID + "): " + strings.TrimPrefix(e.Err.Error(), "batch: ")
}

// Unwrap returns the cause.
func (e *ItemError) Unwrap() error { return e.Err }

// Error lists the records of a batch that failed, in batch order. It
// unwraps to each [*ItemError], so errors.Is and errors.As find the causes
// ([ErrNotProcessed], a [*PanicError], the function's own errors).
type Error struct {
	Failures []*ItemError
	Records  int // how many records the batch held
}

// maxListed is how many failures the message of an [Error] names.
const maxListed = 10

// Error names how many records failed, and the first few with their
// causes.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "batch: %d of %d records failed", len(e.Failures), e.Records)
	for i, f := range e.Failures {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Failures)-maxListed)
			break
		}
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep + f.describe())
	}
	return b.String()
}

// Unwrap returns the failures.
func (e *Error) Unwrap() []error {
	out := make([]error, len(e.Failures))
	for i, f := range e.Failures {
		out[i] = f
	}
	return out
}

// IDs returns the identifiers of the failed records, in batch order.
func (e *Error) IDs() []string {
	out := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		out[i] = f.ID
	}
	return out
}

// PanicError is a panic of the function, recovered: the record is a
// failure and the other records go on.
type PanicError struct {
	Value any    // what the function panicked with
	Stack []byte // the goroutine's stack where it panicked
}

func newPanicError(v any) *PanicError { return &PanicError{Value: v, Stack: debug.Stack()} }

// Error shows the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("batch: panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// cancelled is the cause of a record not started because ctx ended.
func cancelled(ctx context.Context) error {
	return fmt.Errorf("%w: %w", ErrNotProcessed, context.Cause(ctx))
}

// skipped is the cause of a record not run because record at failed
// before it (in its group).
func skipped(at int, inGroup bool, group string) error {
	if inGroup && group != "" {
		return fmt.Errorf("%w: record %d of group %q failed before it", ErrNotProcessed, at, group)
	}
	return fmt.Errorf("%w: record %d failed before it", ErrNotProcessed, at)
}
