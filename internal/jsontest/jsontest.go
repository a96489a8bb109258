// Package jsontest holds the JSON comparisons tests across the module share:
// decoding as encoding/json does with UseNumber, and equality of two JSON
// texts with numbers compared digit for digit.
package jsontest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Decode decodes raw as encoding/json does with UseNumber, failing the test
// on invalid JSON.
func Decode(t testing.TB, raw []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// Equal asserts that two JSON texts hold the same values: same members
// (order aside), same numbers digit for digit, null as null.
func Equal(t testing.TB, want, got []byte) {
	t.Helper()
	w, g := Decode(t, want), Decode(t, got)
	if !reflect.DeepEqual(w, g) {
		wb, _ := json.MarshalIndent(w, "", "  ")
		gb, _ := json.MarshalIndent(g, "", "  ")
		assert.Equal(t, string(wb), string(gb), "JSON differs")
	}
}
