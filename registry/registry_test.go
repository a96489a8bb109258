package registry_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
)

// ev is a small event type for registry tests.
type ev struct {
	lossless.Extra
	Records []struct {
		lossless.Extra
		EventSource string `json:"eventSource"`
		Body        string `json:"body"`
	} `json:"Records"`
	Kind string `json:"kind"`
}

type other struct {
	lossless.Extra
	Kind string         `json:"kind"`
	Info map[string]any `json:"info"`
}

type batch []other

func eq(path, value string) registry.Cond {
	return registry.Cond{Path: path, Op: registry.Equals, Value: value}
}

func exists(path string) registry.Cond { return registry.Cond{Path: path, Op: registry.Exists} }

func testRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r := registry.New()
	require.NoError(t, r.Register(registry.Source{
		ID: "test.queue", Title: "queue", New: func() any { return new(ev) },
		Rule: registry.Rule{All: []registry.Cond{eq("Records[0].eventSource", "aws:sqs")}}, Priority: 300,
	}))
	require.NoError(t, r.Register(registry.Source{
		ID: "test.kind", Title: "kind", New: func() any { return new(other) },
		Rule: registry.Rule{All: []registry.Cond{exists("kind"), {Path: "info", Op: registry.Absent}}}, Priority: 100,
	}))
	require.NoError(t, r.Register(registry.Source{
		ID: "test.kind.special", Title: "special kind", New: func() any { return new(other) },
		Rule: registry.Rule{All: []registry.Cond{{Path: "kind", Op: registry.Prefix, Value: "special-"}}}, Priority: 150,
	}))
	require.NoError(t, r.Register(registry.Source{
		ID: "test.batch", Title: "batch", New: func() any { return new(batch) },
		Rule: registry.Rule{All: []registry.Cond{exists("[0].info.fieldName")}}, Priority: 100,
	}))
	require.NoError(t, r.Register(registry.Source{
		ID: "test.any", Title: "any", New: func() any { return new(other) },
		Rule: registry.Rule{
			All: []registry.Cond{exists("info")},
			Any: []registry.Cond{eq("info.version", "2"), eq("info.version", "3"), {Path: "info.tags", Op: registry.Contains, Value: "v2"}},
		}, Priority: 100,
	}))
	return r
}

func TestDetect(t *testing.T) {
	r := testRegistry(t)
	tests := []struct {
		name, in, want string
	}{
		{"record", `{"Records":[{"eventSource":"aws:sqs"}]}`, "test.queue"},
		{"record after a big sibling", `{"Records":[{"body":"` + strings.Repeat(`x\"`, 50000) + `","eventSource":"aws:sqs"}]}`, "test.queue"},
		{"escaped member name", `{"Rec\u006frds":[{"eventSource":"aws:sqs"}]}`, "test.queue"},
		{"escaped value", `{"Records":[{"eventSource":"aws:\u0073qs"}]}`, "test.queue"},
		{"whitespace everywhere", " {\n\t\"Records\" : [ { \"eventSource\" : \"aws:sqs\" } ] }\r\n", "test.queue"},
		{"exists and absent", `{"kind":"plain"}`, "test.kind"},
		{"higher priority refines", `{"kind":"special-one"}`, "test.kind.special"},
		{"top-level array", `[{"info":{"fieldName":"getPost"}},{"info":{}}]`, "test.batch"},
		{"any group: number literal", `{"info":{"version":2}}`, "test.any"},
		{"any group: string", `{"info":{"version":"3"}}`, "test.any"},
		{"any group: contains", `{"info":{"tags":"beta,v2"}}`, "test.any"},
		{"null counts as present", `{"kind":null}`, "test.kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Detect([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			var m any
			require.NoError(t, json.Unmarshal([]byte(tt.in), &m))
			if obj, ok := m.(map[string]any); ok {
				got, err := r.DetectMap(obj)
				require.NoError(t, err)
				assert.Equal(t, tt.want, got, "map path")
			}
		})
	}
}

func TestDetectUnknown(t *testing.T) {
	r := testRegistry(t)
	tests := []struct {
		name, in, nearest, lacked string
	}{
		{"other record", `{"Records":[{"eventSource":"aws:sns"}]}`, "test.queue", `Records[0].eventSource equals "aws:sqs" (found "aws:sns")`},
		{"any group fails", `{"info":{"version":"1"}}`, "test.any", `info.version equals "2" (found "1")`},
		{"nothing alike", `{"hello":"world"}`, "", ""},
		{"not an object", `42`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Detect([]byte(tt.in))
			require.ErrorIs(t, err, registry.ErrUnknownSource)
			var ue *registry.UnknownError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, tt.nearest, ue.Nearest)
			assert.Equal(t, tt.lacked, ue.Lacked)
			if tt.nearest != "" {
				assert.Contains(t, err.Error(), tt.nearest)
			}
		})
	}
}

func TestDetectAmbiguous(t *testing.T) {
	r := testRegistry(t)
	require.NoError(t, r.Register(registry.Source{
		ID: "test.queue.twin", New: func() any { return new(ev) },
		Rule: registry.Rule{All: []registry.Cond{exists("Records[0].eventSource")}}, Priority: 300,
	}))
	_, err := r.Detect([]byte(`{"Records":[{"eventSource":"aws:sqs"}]}`))
	var ae *registry.AmbiguousError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, []string{"test.queue", "test.queue.twin"}, ae.IDs)
	assert.Equal(t, 300, ae.Priority)
	assert.Contains(t, err.Error(), "test.queue, test.queue.twin")

	// Only one of them matches another event: no ambiguity there.
	got, err := r.Detect([]byte(`{"Records":[{"eventSource":"aws:other"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "test.queue.twin", got)
}

func TestDetectInvalidJSON(t *testing.T) {
	r := testRegistry(t)
	tests := []struct {
		name, in string
		offset   int64
	}{
		{"empty", ``, 0},
		{"garbage", `hello`, 0},
		{"truncated object", `{"Records":[{"eventSource":"aws:sqs"}]`, 38},
		{"truncated string", `{"kind":"abc`, 12},
		{"trailing data", `{"kind":"a"} {}`, 13},
		{"trailing comma", `{"kind":"a",}`, 12},
		{"missing colon", `{"kind" "a"}`, 8},
		{"bad literal", `{"kind":tru}`, 8},
		{"bad number", `{"kind":-}`, 9},
		{"leading zero", `{"kind":012}`, 9},
		{"bad fraction", `{"kind":1.}`, 10},
		{"single quotes", `{'kind':1}`, 1},
		{"unclosed array", `[1,2`, 4},
		{"escaped quote does not end", `{"kind":"a\"}`, 13},
		{"too deep", strings.Repeat("[", 10001) + strings.Repeat("]", 10001), 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, detect := range map[string]func([]byte) (string, error){"Detect": r.Detect, "DetectStrict": r.DetectStrict} {
				_, err := detect([]byte(tt.in))
				require.ErrorIs(t, err, registry.ErrInvalidJSON, name)
				var se *registry.SyntaxError
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tt.offset, se.Offset, "%s: %s", name, se.Msg)
			}
			_, err := r.Decode([]byte(tt.in))
			assert.ErrorIs(t, err, registry.ErrInvalidJSON, "Decode reports it too")
		})
	}
}

// TestDetectSkips holds Detect to its documented semantics: values no
// rule's path reaches are skipped, not validated; DetectStrict and Decode
// report invalid JSON in them, Decode with its path.
func TestDetectSkips(t *testing.T) {
	r := testRegistry(t)
	tests := []struct {
		in, id, path string
		offset       int64
	}{
		{`{"kind":"a","x":[1,tru,{"y" 2}]}`, "test.kind", "x[1]", 19},
		{`{"kind":"a","x":{"y":[1,2,]}}`, "test.kind", "x.y[2]", 26},
		{`[{"info":{"fieldName":"x"}}, tru]`, "test.batch", "[1]", 29},
		{`{"Records":[{"eventSource":"aws:sqs", "body": "a"}, {"body": nul}]}`, "test.queue", "Records[1].body", 61},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			id, err := r.Detect([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.id, id)
			var se *registry.SyntaxError
			_, err = r.DetectStrict([]byte(tt.in))
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.offset, se.Offset)
			_, err = r.Decode([]byte(tt.in))
			require.Error(t, err)
			if !refCodec {
				// The reference codec's errors are its own.
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tt.offset, se.Offset)
				assert.Contains(t, err.Error(), tt.path)
			}
		})
	}
	// What Detect reads it validates: a bad scalar on a rule's path, a
	// bracket left open in a skipped value.
	for _, in := range []string{`{"kind":tru,"x":1}`, `{"kind":"a","x":[1,{"y":2]}`, `{"Records":[{"eventSource":"aws:sqs"} {}]}`} {
		_, err := r.Detect([]byte(in))
		assert.ErrorIs(t, err, registry.ErrInvalidJSON, in)
	}
}

func TestDetectAllocatesNothing(t *testing.T) {
	if registry.RaceEnabled {
		t.Skip("allocation counts mean nothing under the race detector")
	}
	r := testRegistry(t)
	inputs := map[string]string{
		"match":   `{"Records":[{"body":"` + strings.Repeat("payload ", 1000) + `","eventSource":"aws:sqs"},{"eventSource":"aws:sqs"}]}`,
		"array":   `[{"info":{"fieldName":"x"}}]`,
		"refined": `{"kind":"special-x","deep":[[[{"a":[1,2,{"b":null}]}]]]}`,
	}
	for name, in := range inputs {
		raw := []byte(in)
		_, err := r.Detect(raw)
		require.NoError(t, err)
		allocs := testing.AllocsPerRun(100, func() { _, _ = r.Detect(raw) })
		assert.Zero(t, allocs, name)
	}
}

func TestDecode(t *testing.T) {
	r := testRegistry(t)
	v, err := r.Decode([]byte(`{"Records":[{"eventSource":"aws:sqs","body":"hi","x":1.50}],"kind":null,"y":[]}`))
	require.NoError(t, err)
	e, ok := v.(*ev)
	require.True(t, ok, "%T", v)
	assert.Equal(t, "hi", e.Records[0].Body)
	assert.Equal(t, json.Number("1.50"), e.Records[0].Unknown["x"])
	out, err := lossless.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"Records":[{"eventSource":"aws:sqs","body":"hi","x":1.50}],"kind":null,"y":[]}`, string(out))
	assert.Contains(t, string(out), `1.50`, "digits kept")

	v, err = r.Decode([]byte(`[{"info":{"fieldName":"f","n":12345678901234567890123}},{"kind":"k"}]`))
	require.NoError(t, err)
	b := *v.(*batch)
	assert.Equal(t, json.Number("12345678901234567890123"), b[0].Info["n"])
	assert.Equal(t, "k", b[1].Kind)
}

func TestDecodeErrors(t *testing.T) {
	r := testRegistry(t)
	_, err := r.Decode([]byte(`{"Records":[{"eventSource":"aws:sqs","body":5}]}`))
	var de *registry.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "test.queue", de.Source)
	assert.Equal(t, "Records[0].body", de.Path)
	assert.Contains(t, err.Error(), "test.queue")
	assert.Contains(t, err.Error(), "Records[0].body")

	_, err = r.DecodeMap(map[string]any{"Records": []any{map[string]any{"eventSource": "aws:sqs", "body": json.Number("5")}}})
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "test.queue", de.Source)
	assert.Equal(t, "Records[0].body", de.Path)

	_, err = r.Decode([]byte(`{"Records":[{"eventSource":"aws:sqs","eventSource":"aws:sqs"}]}`))
	assert.Error(t, err, "duplicate member names are refused")

	_, err = r.DecodeAs("test.nope", []byte(`{}`))
	assert.ErrorIs(t, err, registry.ErrNoSource)
}

func TestDecodeHostileInput(t *testing.T) {
	r := testRegistry(t)
	deep := `{"Records":[{"eventSource":"aws:sqs"}],"kind":` + strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000) + "}"
	_, err := r.Decode([]byte(deep))
	assert.ErrorIs(t, err, registry.ErrInvalidJSON, "nesting past the limit")

	big := `{"Records":[{"eventSource":"aws:sqs","body":"` + strings.Repeat("0123456789", 1<<20) + `"}]}`
	v, err := r.Decode([]byte(big))
	require.NoError(t, err, "a 10 MB body is fine")
	assert.Len(t, v.(*ev).Records[0].Body, 10<<20)

	_, err = r.Decode([]byte("{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"\xff\xfe\"}]}"))
	assert.Error(t, err, "invalid UTF-8 is an error")
}

func TestRegisterErrors(t *testing.T) {
	ok := registry.Source{ID: "x.ok", New: func() any { return new(other) }, Rule: registry.Rule{All: []registry.Cond{exists("kind")}}}
	tests := []struct {
		name   string
		mutate func(*registry.Source)
		target error
	}{
		{"empty ID", func(s *registry.Source) { s.ID = "" }, registry.ErrInvalidSource},
		{"upper case ID", func(s *registry.Source) { s.ID = "X.Ok" }, registry.ErrInvalidSource},
		{"no constructor", func(s *registry.Source) { s.New = nil }, registry.ErrInvalidSource},
		{"non-pointer", func(s *registry.Source) { s.New = func() any { return other{} } }, registry.ErrInvalidSource},
		{"nil pointer", func(s *registry.Source) { s.New = func() any { return (*other)(nil) } }, registry.ErrInvalidSource},
		{"no conditions", func(s *registry.Source) { s.Rule = registry.Rule{} }, registry.ErrInvalidSource},
		{"bad op", func(s *registry.Source) { s.Rule.All[0].Op = "matches" }, registry.ErrInvalidSource},
		{"bad path", func(s *registry.Source) { s.Rule.All[0].Path = "a..b" }, registry.ErrInvalidSource},
		{"plugin claiming aws.", func(s *registry.Source) { s.ID, s.Origin = "aws.fake", "/tmp/p" }, registry.ErrInvalidSource},
		{"duplicate", func(s *registry.Source) { s.ID = "x.taken" }, registry.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := registry.New()
			taken := ok
			taken.ID = "x.taken"
			require.NoError(t, r.Register(taken))
			s := ok
			s.Rule = registry.Rule{All: append([]registry.Cond(nil), ok.Rule.All...)}
			tt.mutate(&s)
			err := r.Register(s)
			require.ErrorIs(t, err, tt.target)
			if s.ID != "" {
				assert.Contains(t, err.Error(), s.ID, "the error names the ID")
			}
			assert.Panics(t, func() { r.MustRegister(s) })
			assert.Len(t, r.Sources(), 1, "nothing registered")
		})
	}
}

func TestRegisterAllIsAtomic(t *testing.T) {
	r := registry.New()
	good := registry.Source{ID: "p.good", New: func() any { return new(other) }, Rule: registry.Rule{All: []registry.Cond{exists("kind")}}, Origin: "plugin"}
	bad := good
	bad.ID = "aws.bad"
	require.Error(t, r.RegisterAll([]registry.Source{good, bad}))
	assert.Empty(t, r.Sources())
	require.Error(t, r.RegisterAll([]registry.Source{good, good}))
	assert.Empty(t, r.Sources())
	require.NoError(t, r.RegisterAll([]registry.Source{good}))
	r.Unregister("p.good")
	assert.Empty(t, r.Sources())
}

func TestLookupHints(t *testing.T) {
	r := registry.New()
	_, err := r.Lookup("aws.sqs")
	require.ErrorIs(t, err, registry.ErrNoSource)
	assert.Contains(t, err.Error(), "sources/sqs or sources/all")
	_, err = r.Lookup("aws.apigateway.rest")
	assert.Contains(t, err.Error(), "sources/apigateway")
}

func TestExplain(t *testing.T) {
	r := testRegistry(t)
	vs, err := r.Explain([]byte(`{"kind":"special-a"}`))
	require.NoError(t, err)
	require.Len(t, vs, 5)
	assert.Equal(t, "test.queue", vs[0].ID, "priority order")
	byID := map[string]registry.Verdict{}
	for _, v := range vs {
		byID[v.ID] = v
	}
	assert.True(t, byID["test.kind.special"].Matched)
	assert.True(t, byID["test.kind"].Matched, "lower priority, matched too")
	assert.False(t, byID["test.queue"].Matched)
	assert.Equal(t, `"special-a"`, byID["test.kind.special"].Conds[0].Found)
}

func TestConcurrentUse(t *testing.T) {
	r := testRegistry(t)
	raw := []byte(`{"Records":[{"eventSource":"aws:sqs","body":"b"}]}`)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 20 {
				err := r.Register(registry.Source{
					ID: fmt.Sprintf("c.%d.%d", i, j), New: func() any { return new(other) },
					Rule: registry.Rule{All: []registry.Cond{eq("kind", fmt.Sprint(i, j))}}, Priority: 1,
				})
				assert.NoError(t, err)
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				id, err := r.Detect(raw)
				assert.NoError(t, err)
				assert.Equal(t, "test.queue", id)
				_, err = r.Decode(raw)
				assert.NoError(t, err)
				assert.NoError(t, r.Match("test.queue", raw))
			}
		}()
	}
	wg.Wait()
	assert.Len(t, r.Sources(), 5+8*20)
}

func TestRuleJSON(t *testing.T) {
	rule := registry.Rule{All: []registry.Cond{eq("headers.X-GitHub-Event", "push")}, Any: []registry.Cond{exists(`detail["a.b"]`)}}
	b, err := json.Marshal(rule)
	require.NoError(t, err)
	back, err := registry.ParseRule(b)
	require.NoError(t, err)
	assert.Equal(t, rule, back)
	assert.Equal(t, `headers.X-GitHub-Event equals "push" && (detail["a.b"] exists)`, rule.String())

	for _, bad := range []string{`{}`, `{"all":[{"path":"a[x]","op":"exists"}]}`, `{"all":[{"path":"","op":"exists"}]}`, `{"all":[{"path":"a","op":"?"}]}`, `nope`} {
		_, err := registry.ParseRule([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestQuotedPathSegment(t *testing.T) {
	r := registry.New()
	require.NoError(t, r.Register(registry.Source{ID: "q", New: func() any { return new(other) },
		Rule: registry.Rule{All: []registry.Cond{eq(`info["a.b"][1]`, "yes")}}}))
	id, err := r.Detect([]byte(`{"info":{"a.b":["no","yes"]}}`))
	require.NoError(t, err)
	assert.Equal(t, "q", id)
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{`{"Records":[{"eventSource":"aws:sqs"}]}`, `[{"info":{"fieldName":"x"}}]`, `{"kind":"a\"b"}`, `{"a":[1,-2.5e3,true,null]}`, `"x"`, `{`} {
		f.Add([]byte(s))
	}
	r := registry.New()
	require.NoError(f, r.Register(registry.Source{ID: "f", New: func() any { return new(other) },
		Rule: registry.Rule{All: []registry.Cond{exists("kind")}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := r.Detect(data)
		if json.Valid(data) {
			// The scanner checks structure; string contents are checked by
			// decoding. Valid JSON is never reported invalid.
			assert.False(t, errors.Is(err, registry.ErrInvalidJSON), "valid JSON reported invalid: %v", err)
		}
		if err == nil && !json.Valid(data) {
			_, derr := r.Decode(data)
			assert.Error(t, derr, "invalid JSON must not decode")
		}
	})
}

type clashA struct{ X string }

type clashB struct{ X string }

// clash has two untagged fields named "X" at the same depth: neither wins.
type clash struct {
	lossless.Extra
	clashA
	clashB
}

func TestEmbeddedFieldsAreShadowed(t *testing.T) {
	type base struct {
		lossless.Extra
		ID     string         `json:"id"`
		Detail map[string]any `json:"detail"`
	}
	type typed struct {
		lossless.Extra
		base
		Detail struct {
			lossless.Extra
			N json.Number `json:"n"`
		} `json:"detail"`
	}
	in := `{"id":"a","detail":{"n":1.0,"x":true},"other":null}`
	var v typed
	require.NoError(t, lossless.Unmarshal([]byte(in), &v))
	assert.Equal(t, "a", v.ID)
	assert.Equal(t, json.Number("1.0"), v.Detail.N, "the outer field wins")
	assert.Nil(t, v.base.Detail)
	out, err := lossless.Marshal(&v)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))

	assert.Error(t, lossless.Unmarshal([]byte(`{}`), &clash{}), "two fields of one depth")
}

// selfish decodes through lossless.Unmarshal from its own UnmarshalJSON, as
// every top-level event type does.
type selfish struct {
	lossless.Extra
	A string `json:"a"`
}

func (s *selfish) UnmarshalJSON(b []byte) error { return lossless.Unmarshal(b, s) }

func TestNonObjectIntoObjectType(t *testing.T) {
	for _, in := range []string{`"text"`, `42`, `[1]`, `true`} {
		var s selfish
		err := lossless.Unmarshal([]byte(in), &s)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), "an object")
		require.Error(t, json.Unmarshal([]byte(in), &s), "encoding/json path, no endless recursion")
	}
	var s selfish
	assert.ErrorContains(t, lossless.Unmarshal([]byte(`null`), &s), "cannot decode null", "null is no event")
}

type lossyInner struct{ Name string }

type lossyEvent struct {
	lossless.Extra
	Inner lossyInner `json:"inner"`
}

// A type that claims losslessness (it embeds lossless.Extra) but cannot keep
// it is refused at registration, naming the type and field, so MustRegister
// panics at init rather than an event failing in production.
func TestRegisterRefusesLossyTypes(t *testing.T) {
	r := registry.New()
	err := r.Register(registry.Source{ID: "x.lossy", New: func() any { return new(lossyEvent) }, Rule: registry.Rule{All: []registry.Cond{exists("inner")}}})
	require.ErrorIs(t, err, registry.ErrInvalidSource)
	assert.Contains(t, err.Error(), "lossyEvent.Inner")
	assert.Contains(t, err.Error(), "does not embed lossless.Extra")
	assert.Panics(t, func() {
		r.MustRegister(registry.Source{ID: "x.lossy", New: func() any { return new(lossyEvent) }, Rule: registry.Rule{All: []registry.Cond{exists("inner")}}})
	})
	// A batch (a top-level JSON array) of such structs is refused too.
	type lossyBatch []lossyEvent
	err = r.Register(registry.Source{ID: "x.lossy.batch", New: func() any { return new(lossyBatch) }, Rule: registry.Rule{All: []registry.Cond{exists("[0].inner")}}})
	require.ErrorIs(t, err, registry.ErrInvalidSource)
	assert.Contains(t, err.Error(), "lossyEvent.Inner")
	// Plain structs claim nothing: welcome, decoded through mapstructure.
	require.NoError(t, r.Register(registry.Source{ID: "x.plain", New: func() any { return new(lossyInner) }, Rule: registry.Rule{All: []registry.Cond{exists("Name")}}}))
	v, err := r.Decode([]byte(`{"Name":"n","other":1}`))
	require.NoError(t, err)
	assert.Equal(t, &lossyInner{Name: "n"}, v)
}
