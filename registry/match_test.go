package registry_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/sqs"
)

func TestLookupType(t *testing.T) {
	r := testRegistry(t)
	s, err := r.LookupType(reflect.TypeFor[*ev]())
	require.NoError(t, err)
	assert.Equal(t, "test.queue", s.ID)
	s, err = r.LookupType(reflect.TypeFor[*batch]())
	require.NoError(t, err)
	assert.Equal(t, "test.batch", s.ID)

	_, err = r.LookupType(reflect.TypeFor[*other]())
	require.ErrorIs(t, err, registry.ErrNoSource, "several sources decode into it")
	assert.Contains(t, err.Error(), "test.any, test.kind, test.kind.special")

	_, err = r.LookupType(reflect.TypeFor[ev]())
	require.ErrorIs(t, err, registry.ErrNoSource, "New returns a pointer")
	_, err = r.LookupType(reflect.TypeFor[*sqs.Event]())
	require.ErrorIs(t, err, registry.ErrNoSource)
	assert.Contains(t, err.Error(), "*sqs.Event")
	assert.Contains(t, err.Error(), "forgotten import of sources/sqs or sources/all?")

	// A source registered later is found.
	require.NoError(t, r.Register(registry.Source{ID: "test.sqs", New: func() any { return new(sqs.Event) },
		Rule: registry.Rule{All: []registry.Cond{eq("Records[0].eventSource", "aws:sqs")}}, Priority: 1}))
	s, err = r.LookupType(reflect.TypeFor[*sqs.Event]())
	require.NoError(t, err)
	assert.Equal(t, "test.sqs", s.ID)
}

func TestMatch(t *testing.T) {
	r := testRegistry(t)
	// Detection would pick another source, or none, for some of these:
	// Match tries the named rule alone.
	require.NoError(t, r.Register(registry.Source{
		ID: "test.queue.twin", New: func() any { return new(ev) },
		Rule: registry.Rule{All: []registry.Cond{exists("Records[0].eventSource")}}, Priority: 300,
	}))
	tests := []struct {
		name, id, in string
		lacked       string // "" when it matches
	}{
		{"match", "test.queue", `{"Records":[{"eventSource":"aws:sqs"}]}`, ""},
		{"detection is ambiguous", "test.queue.twin", `{"Records":[{"eventSource":"aws:sqs"}]}`, ""},
		{"a higher priority matches too", "test.kind", `{"kind":"special-x"}`, ""},
		{"another value", "test.queue", `{"Records":[{"eventSource":"aws:sns"}]}`, `Records[0].eventSource equals "aws:sqs" (found "aws:sns")`},
		{"absent", "test.queue", `{"Records":[]}`, `Records[0].eventSource equals "aws:sqs" (absent)`},
		{"present where absence is required", "test.kind", `{"kind":"k","info":{}}`, `info absent (found {})`},
		{"an object is not quoted", "test.kind", `{"kind":"k","info":{"context":"CANARY-1"}}`, `info absent (found {…} (22 bytes))`},
		{"any group", "test.any", `{"info":{"version":"1"}}`, `info.version equals "2" (found "1")`},
		{"any group holds", "test.any", `{"info":{"tags":"a,v2"}}`, ""},
		{"array", "test.batch", `[{"info":{"fieldName":"f"}}]`, ""},
		{"escaped", "test.queue", `{"Records":[{"eventSource":"aws:\u0073qs"}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.Match(tt.id, []byte(tt.in))
			if tt.lacked == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, registry.ErrUnknownSource)
			var ue *registry.UnknownError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, tt.id, ue.Nearest)
			assert.Equal(t, tt.lacked, ue.Lacked)
		})
	}
	require.ErrorIs(t, r.Match("test.queue", []byte(`{"Records":`)), registry.ErrInvalidJSON)
	var se *registry.SyntaxError
	require.ErrorAs(t, r.Match("test.queue", []byte(`{"Records":[}`)), &se)
	assert.Equal(t, int64(12), se.Offset)
	require.ErrorIs(t, r.Match("test.nope", []byte(`{}`)), registry.ErrNoSource)

	if !registry.RaceEnabled {
		raw := []byte(`{"Records":[{"body":"` + strings.Repeat("x", 1000) + `","eventSource":"aws:sqs"}]}`)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = r.Match("test.queue", raw) }))
	}
}

// TestMatchManyPaths: a rule with more paths than Match keeps on its stack.
func TestMatchManyPaths(t *testing.T) {
	r := registry.New()
	var rule registry.Rule
	var in strings.Builder
	in.WriteString("{")
	for i := range 40 {
		rule.All = append(rule.All, eq(fmt.Sprintf("k%d", i), fmt.Sprint(i)))
		fmt.Fprintf(&in, `"k%d": %d,`, i, i)
	}
	in.WriteString(`"z": 0}`)
	require.NoError(t, r.Register(registry.Source{ID: "many", New: func() any { return new(other) }, Rule: rule}))
	require.NoError(t, r.Match("many", []byte(in.String())))
	err := r.Match("many", []byte(strings.Replace(in.String(), `"k39": 39`, `"k39": 40`, 1)))
	var ue *registry.UnknownError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, `k39 equals "39" (found 40)`, ue.Lacked)
}
