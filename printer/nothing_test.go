package printer_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/printer"
)

// nothingErr says whether there was nothing to derive, or panics.
type nothingErr struct{ nothing, panics bool }

func (e nothingErr) Error() string { return "no body" }
func (e nothingErr) NothingToDerive() bool {
	if e.panics {
		panic("boom")
	}
	return e.nothing
}

type failing struct{ err error }

func (f failing) Derived() []printer.Derived {
	return []printer.Derived{
		printer.DeriveInto("Body", func(any) error { return f.err }),
		printer.Derive("Len", func() (int, error) { return 0, f.err }),
	}
}

func TestNothingToDeriveIsLeftOut(t *testing.T) {
	for _, err := range []error{nothingErr{nothing: true}, fmt.Errorf("sqs: %w", nothingErr{nothing: true})} {
		assert.Equal(t, "{}\n", printer.Sprint(failing{err}), err)
	}
	for _, err := range []error{nothingErr{}, nothingErr{panics: true}, errors.New("no body")} {
		assert.Equal(t, "{\n  \"Body()\": \"[Cannot be deserialized]\",\n  \"Len()\": \"[Cannot be deserialized]\"\n}\n", printer.Sprint(failing{err}), "%#v", err)
	}
}
