package header

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGet(t *testing.T) {
	h := map[string]string{"Content-Type": "a", "x-token": "b", "X-TOKEN": "c", "x-Token": "d"}
	for range 50 { // map order must not matter
		v, ok := Get(h, "content-type")
		assert.True(t, ok)
		assert.Equal(t, "a", v)
		v, _ = Get(h, "x-token")
		assert.Equal(t, "b", v, "exact match wins")
		v, _ = Get(h, "X-Token")
		assert.Equal(t, "c", v, "then the first casing in sorted order")
	}
	_, ok := Get(h, "missing")
	assert.False(t, ok)
	_, ok = Get(nil, "x")
	assert.False(t, ok)
}

func TestValues(t *testing.T) {
	h := map[string][]string{"Cookie": {"a=1"}, "cookie": {"b=2"}, "COOKIE": {"c=3"}, "Other": {"x"}}
	for range 50 {
		assert.Equal(t, []string{"c=3", "a=1", "b=2"}, Values(h, "cOOkie"))
		assert.Equal(t, []string{"c=3", "a=1", "b=2"}, Values(h, "Cookie"), "exact casing merges the others too")
	}
	assert.Nil(t, Values(h, "missing"))
}

func TestMatches(t *testing.T) {
	h := map[string]any{"Accept": []any{"a"}, "accept": "b", "Other": "x"}
	for range 50 {
		assert.Equal(t, []any{[]any{"a"}, "b"}, Matches(h, "ACCEPT"))
	}
	assert.Nil(t, Matches(h, "missing"))
	assert.Nil(t, Matches[any](nil, "x"))
}

func TestLookup(t *testing.T) {
	type media struct{ n int }
	m := map[string]media{"application/json": {1}, "Text/Plain": {2}}
	v, ok := Lookup(m, "Application/JSON")
	assert.True(t, ok)
	assert.Equal(t, media{1}, v)
	v, ok = Lookup(m, "text/plain")
	assert.True(t, ok)
	assert.Equal(t, media{2}, v)
	v, ok = Lookup(m, "image/png")
	assert.False(t, ok)
	assert.Zero(t, v)
}
