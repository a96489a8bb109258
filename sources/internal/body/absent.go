package body

// Absent returns the error of a derived value whose source member is
// absent, null or empty: "what: absent". Like [ErrEmpty] it has the method
// NothingToDerive, so the printer leaves the value out of its view rather
// than showing a failure.
func Absent(what string) error { return absentError(what) }

type absentError string

func (e absentError) Error() string       { return string(e) + ": absent" }
func (absentError) NothingToDerive() bool { return true }
