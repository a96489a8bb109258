package body

import "errors"

// Absent returns the error of a derived value whose source member is
// absent, null or empty: "what: absent". Like [ErrEmpty] it has the method
// NothingToDerive, so the printer leaves the value out of its view rather
// than showing a failure.
func Absent(what string) error { return absentError(what) }

type absentError string

func (e absentError) Error() string       { return string(e) + ": absent" }
func (absentError) NothingToDerive() bool { return true }

// First returns the first of items, the records of an event: "pkg: the
// event has no records" when there are none. S3 and SNS send one record per
// invocation, SES one always; the first-record shortcuts of those sources
// go through it.
func First[T any](pkg string, items []T) (T, error) {
	if len(items) == 0 {
		var zero T
		return zero, errors.New(pkg + ": the event has no records")
	}
	return items[0], nil
}
