// Package sourcetest holds the checks every source's tests run on real
// payloads: detection, lossless round trips on both decode paths, and the
// printer's view.
package sourcetest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/internal/jsontest"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
)

// Root returns the repository root: the nearest directory above the working
// directory holding this module's go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			bytes.Contains(b, []byte("module github.com/evplugin/evplugin\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "no evplugin go.mod above the working directory")
		dir = parent
	}
}

// ReferenceDir is where the reference samples live: ../shared/events/powertools
// beside the repository.
func ReferenceDir(t testing.TB) string {
	t.Helper()
	return filepath.Join(Root(t), "..", "shared", "events", "powertools")
}

// Reference reads a reference sample by file name, e.g. "sqsEvent.json".
// A missing sample fails the test: it is beside the repository in CI too.
func Reference(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ReferenceDir(t), name))
	require.NoError(t, err, "reference sample %s", name)
	return b
}

// Testdata returns this project's own payloads for a source ID, from
// testdata/events/<id>/, by file name. A source without any fails the test.
func Testdata(t testing.TB, id string) map[string][]byte {
	t.Helper()
	dir := filepath.Join(Root(t), "testdata", "events", id)
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, names, "no payloads in %s", dir)
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		require.NoError(t, err)
		out[filepath.Base(n)] = b
	}
	return out
}

// Payloads returns the named reference samples and every testdata payload
// of the source, keyed by a name for t.Run.
func Payloads(t testing.TB, id string, reference ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range reference {
		out["reference/"+n] = Reference(t, n)
	}
	for n, b := range Testdata(t, id) {
		out["testdata/"+n] = b
	}
	return out
}

// Sorted returns the keys of m in order, for deterministic subtests.
func Sorted[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Check runs the checks every payload of a source must pass against reg
// (usually registry.Default with sources/all imported), and returns the
// value decoded from bytes:
//
//   - Detect names id;
//   - Decode and DecodeMap give values of the same type that are deeply
//     equal;
//   - lossless.Marshal and encoding/json.Marshal of the value are both JSON
//     equal to the input, numbers digit for digit;
//   - encoding/json.Unmarshal into a new value gives the same value;
//   - the printer renders it without panicking (see [Print]) and without
//     changing it.
//   - so does every modelled value inside it alone ([CheckNested]).
func Check(t *testing.T, reg *registry.Registry, id string, raw []byte) any {
	t.Helper()
	got, err := reg.Detect(raw)
	require.NoError(t, err)
	require.Equal(t, id, got, "detected source")

	v, err := reg.Decode(raw)
	require.NoError(t, err)

	m := DecodeUseNumber(t, raw)
	obj, ok := m.(map[string]any)
	if ok {
		fromMap, err := reg.DecodeMap(obj)
		require.NoError(t, err)
		assert.Equal(t, v, fromMap, "bytes path and map path differ")
	}

	out, err := lossless.Marshal(v)
	require.NoError(t, err)
	JSONEqual(t, raw, out)

	std, err := json.Marshal(v)
	require.NoError(t, err)
	JSONEqual(t, raw, std)

	again := reflect.New(reflect.TypeOf(v).Elem()).Interface()
	require.NoError(t, json.Unmarshal(raw, again), "encoding/json.Unmarshal")
	assert.Equal(t, v, again, "encoding/json decodes differently")
	CheckNested(t, v)

	Print(t, v)
	assert.Equal(t, again, v, "printing changed the value")
	return v
}

// Detects checks, in a subtest called name, that reg detects event as the
// source want, or, when want is "", as no source at all: how a source's
// tests hold its rule to near misses.
func Detects(t *testing.T, reg *registry.Registry, name, event, want string) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		got, err := reg.Detect([]byte(event))
		if want == "" {
			assert.ErrorIs(t, err, registry.ErrUnknownSource, "detected as %q", got)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
}

// Print returns the printer's view of v, and fails the test when the
// printer itself panicked: its whole output is then the marker that starts
// with [printer.Panicked]. (A value's own methods that panic print as
// markers of their own and are no failure.)
func Print(t testing.TB, v any, opts ...printer.Option) string {
	t.Helper()
	out := printer.Sprint(v, opts...)
	assert.False(t, strings.HasPrefix(out, `"`+printer.Panicked), "the printer panicked: %s", out)
	return out
}

// CheckNested asserts that every modelled value inside v (each struct
// embedding lossless.Extra, at any depth: one SQS message, one DynamoDB
// attribute value) round-trips through encoding/json alone: json.Marshal of
// the value gives JSON equal to what lossless.Marshal gives (numbers digit
// for digit, nulls and unknown members kept), and json.Unmarshal of that
// JSON into a new value gives an equal value. Each type is checked on its
// first few occurrences.
func CheckNested(t testing.TB, v any) {
	t.Helper()
	seen := map[reflect.Type]int{}
	var walk func(path string, rv reflect.Value)
	walk = func(path string, rv reflect.Value) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(path, rv.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), rv.Index(i))
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				walk(fmt.Sprintf("%s[%v]", path, k), rv.MapIndex(k))
			}
		case reflect.Struct:
			if embedsExtra(rv.Type()) && seen[rv.Type()] < 3 {
				seen[rv.Type()]++
				nestedRoundTrip(t, path, rv)
			}
			for i := range rv.NumField() {
				if f := rv.Type().Field(i); f.IsExported() && f.Type != extraType {
					walk(path+"."+f.Name, rv.Field(i))
				}
			}
		}
	}
	walk(reflect.TypeOf(v).String(), reflect.ValueOf(v))
}

var extraType = reflect.TypeFor[lossless.Extra]()

func embedsExtra(t reflect.Type) bool {
	for i := range t.NumField() {
		if f := t.Field(i); f.Anonymous && f.Type == extraType {
			return true
		}
	}
	return false
}

// nestedRoundTrip is CheckNested's check of one value.
func nestedRoundTrip(t testing.TB, path string, rv reflect.Value) {
	t.Helper()
	ptr := reflect.New(rv.Type())
	ptr.Elem().Set(rv)
	want, err := lossless.Marshal(ptr.Interface())
	require.NoError(t, err, path)
	got, err := json.Marshal(rv.Interface())
	require.NoError(t, err, "%s: encoding/json.Marshal", path)
	// Equal JSON, not equal bytes: encoding/json escapes <, > and & anew.
	assert.Equal(t, DecodeUseNumber(t, want), DecodeUseNumber(t, got), "%s: encoding/json.Marshal of %v alone", path, rv.Type())
	again := reflect.New(rv.Type())
	require.NoError(t, json.Unmarshal(got, again.Interface()), "%s: encoding/json.Unmarshal", path)
	assert.Equal(t, rv.Interface(), again.Elem().Interface(), "%s: encoding/json.Unmarshal of %v alone", path, rv.Type())
}

// DecodeUseNumber decodes raw as encoding/json does with UseNumber.
func DecodeUseNumber(t testing.TB, raw []byte) any {
	t.Helper()
	return jsontest.Decode(t, raw)
}

// JSONEqual asserts that two JSON texts hold the same values: same members
// (order aside), same numbers digit for digit, null as null.
func JSONEqual(t testing.TB, want, got []byte) {
	t.Helper()
	jsontest.Equal(t, want, got)
}

// AssertPrinted asserts that the printer's view of v holds each want
// fragment and none of the leak fragments (secrets that must be masked).
func AssertPrinted(t testing.TB, v any, want []string, leak []string) {
	t.Helper()
	out := Print(t, v)
	for _, w := range want {
		assert.True(t, strings.Contains(out, w), "printed view lacks %q:\n%s", w, out)
	}
	for _, l := range leak {
		assert.False(t, strings.Contains(out, l), "printed view shows the secret %q:\n%s", l, out)
	}
}

// Decode decodes raw with registry.Default and requires the result to be a
// *T.
func Decode[T any](t testing.TB, raw []byte) *T {
	t.Helper()
	v, err := registry.Default.Decode(raw)
	require.NoError(t, err)
	e, ok := v.(*T)
	require.True(t, ok, "decoded %T, want *%T", v, *new(T))
	return e
}

// DecodeTestdata decodes the payload testdata/events/<id>/<name> with
// registry.Default; a missing payload or another type fails the test.
func DecodeTestdata[T any](t testing.TB, id, name string) *T {
	t.Helper()
	raw, ok := Testdata(t, id)[name]
	require.True(t, ok, "no payload %s in testdata/events/%s", name, id)
	return Decode[T](t, raw)
}

// DerivedNames lists the names of the derived values d shows, in order.
func DerivedNames(d printer.Deriver) []string {
	var names []string
	for _, v := range d.Derived() {
		names = append(names, v.Name())
	}
	return names
}

// Gzip returns s compressed with gzip, as CloudWatch Logs compresses the
// payloads it delivers.
func Gzip(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}
