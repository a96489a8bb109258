package all_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/sqs"
)

// TestDerivedValues walks the type graph of every registered source and
// checks the derived values of each type (see derivedProblems).
func TestDerivedValues(t *testing.T) {
	sources := registry.Default.Sources()
	var roots []reflect.Type
	for _, s := range sources {
		roots = append(roots, reflect.TypeOf(s.New()))
	}
	require.Contains(t, sourcetest.StructTypes(roots...), reflect.TypeFor[sqs.Message](), "the walk reaches nested types")
	for _, s := range sources {
		t.Run(s.ID, func(t *testing.T) {
			for _, p := range derivedProblems(reflect.TypeOf(s.New())) {
				t.Error(p)
			}
		})
	}
}

// derivedProblems lists what is wrong with the derived values of the struct
// types reachable from roots, each type taken as its zero value:
//
//   - a type that embeds a [printer.Deriver] and defines Derived itself
//     omits a name the embedded type lists (its Derived hides the embedded
//     one's), or has no Derived at all (two embedded ones collide);
//   - Derived panics, lists a name twice, or lists a value with nothing to
//     call.
func derivedProblems(roots ...reflect.Type) []string {
	var out []string
	for _, t := range sourcetest.StructTypes(roots...) {
		own, isDeriver := zero(t).Addr().Interface().(printer.Deriver)
		var names []string
		if isDeriver {
			var err error
			if names, err = derivedNames(own); err != nil {
				out = append(out, fmt.Sprintf("%v: %v", t, err))
				continue
			}
			for i, n := range names {
				if slices.Contains(names[:i], n) {
					out = append(out, fmt.Sprintf("%v: Derived lists %q twice", t, n))
				}
			}
			if strings.Contains(printer.Sprint(zero(t).Addr().Interface()), printer.NothingToCall) {
				out = append(out, fmt.Sprintf("%v: Derived lists a value with nothing to call", t))
			}
		}
		for i := range t.NumField() {
			f := t.Field(i)
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if !f.Anonymous || ft.Kind() != reflect.Struct {
				continue
			}
			inner, ok := zero(ft).Addr().Interface().(printer.Deriver)
			if !ok {
				continue
			}
			if !isDeriver {
				out = append(out, fmt.Sprintf("%v: has no Derived, so embedded %v's are lost (two embedded types define one?)", t, ft))
				continue
			}
			innerNames, err := derivedNames(inner)
			if err != nil {
				continue // reported with ft itself
			}
			for _, n := range innerNames {
				if !slices.Contains(names, n) {
					out = append(out, fmt.Sprintf("%v: Derived hides embedded %v's %q: list %s.Derived() too", t, ft, n, f.Name))
				}
			}
		}
	}
	return out
}

// derivedNames is sourcetest.DerivedNames, with a panic as an error.
func derivedNames(d printer.Deriver) (names []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Derived panics: %v", r)
		}
	}()
	return sourcetest.DerivedNames(d), nil
}

// zero returns an addressable zero value of struct type t whose embedded
// struct pointers, exported or not, point at zero values, so that a
// Derived composing them can be called.
func zero(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct && f.Type.Elem() != t {
			field := reflect.NewAt(f.Type, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem()
			field.Set(zero(f.Type.Elem()).Addr())
		}
	}
	return v
}

// Deliberately broken types for TestDerivedValuesCatchesMistakes.

type stamped struct{ At string }

func (s stamped) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Time", s.Time)}
}
func (s stamped) Time() (time.Time, error) { return time.Parse(time.RFC3339, s.At) }

type sized struct{ N int }

func (s sized) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Double", s.Double)}
}
func (s sized) Double() (int, error) { return 2 * s.N, nil }

// hides lists its own derived value and forgets stamped's.
type hides struct {
	stamped
	Body string
}

func (h hides) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Upper", h.Upper)}
}
func (h hides) Upper() (string, error) { return strings.ToUpper(h.Body), nil }

// composes does it right, through a pointer.
type composes struct {
	*stamped
	Body string
}

func (c composes) Derived() []printer.Derived {
	return append(c.stamped.Derived(), printer.Derive("Upper", c.Upper))
}
func (c composes) Upper() (string, error) { return strings.ToUpper(c.Body), nil }

// promotes defines no Derived: stamped's is promoted, nothing is lost.
type promotes struct{ stamped }

// collides embeds two derivers and defines no Derived: neither shows.
type collides struct {
	stamped
	sized
}

// twice lists stamped's Time and a Time of its own.
type twice struct{ stamped }

func (w twice) Derived() []printer.Derived {
	return append(w.stamped.Derived(), printer.Derive("Time", w.Time))
}

// uncallable lists a value with no function.
type uncallable struct{}

func (uncallable) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive[int]("Nothing", nil)}
}

// panics cannot list its derived values.
type panics struct{ p *sized }

func (p panics) Derived() []printer.Derived { return p.p.Derived() }

type brokenEvent struct {
	Records []hides
	Good    *composes
	Fine    map[string]promotes
	Collide [1]collides
	Twice   *twice
	None    uncallable
	Panics  []*panics
}

// TestDerivedValuesCatchesMistakes proves that TestDerivedValues fails on
// each mistake it looks for, reached deep in a type graph, and passes the
// right ways to compose.
func TestDerivedValuesCatchesMistakes(t *testing.T) {
	assert.Equal(t, []string{
		`all_test.hides: Derived hides embedded all_test.stamped's "Time": list stamped.Derived() too`,
		`all_test.collides: has no Derived, so embedded all_test.stamped's are lost (two embedded types define one?)`,
		`all_test.collides: has no Derived, so embedded all_test.sized's are lost (two embedded types define one?)`,
		`all_test.twice: Derived lists "Time" twice`,
		`all_test.uncallable: Derived lists a value with nothing to call`,
		`all_test.panics: Derived panics: runtime error: invalid memory address or nil pointer dereference`,
	}, derivedProblems(reflect.TypeFor[*brokenEvent]()))
	assert.Empty(t, derivedProblems(reflect.TypeFor[composes](), reflect.TypeFor[promotes]()))
}
