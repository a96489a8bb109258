package lossless

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Extra is embedded in every struct that models a JSON object. It is what
// makes decoding lossless:
//
//   - Unknown holds the members the struct does not model, decoded as plain
//     JSON values (numbers as [encoding/json.Number]); they are written back
//     when the struct is marshalled.
//   - It remembers which modelled members were present and which were null,
//     so a zero value marshals as it came: absent stays absent, null stays
//     null, "" stays "". A non-zero value is always written.
//   - It remembers nulls the Go types cannot hold: a null element of a
//     []string or a map[string]string, a null element of a slice of
//     structs.
//
// A struct built by hand has no such memory: its zero-valued fields are
// omitted, its non-zero fields written. [Set], [SetNull] and [Remove] give a
// member an explicit state; [Equal] compares values without the memory,
// which reflect.DeepEqual (and testify's assert.Equal) do not ignore.
type Extra struct {
	// Unknown holds the members this struct does not model. Setting a key
	// writes the member (nil writes null); deleting it removes the member.
	Unknown map[string]any `json:"-" print:"inline"`

	seen, null uint64 // bit i: field i of the type's plan, for i < 64
	more       *more  // the rest, rarely needed
}

// more is what an Extra remembers beyond the first 64 fields' states.
type more struct {
	seen, null []uint64 // fields from 64 on, 64 a word
	wasNull    bool     // the object arrived as null (an element of an array or map)
	inner      []inner  // nulls inside fields' containers
}

// inner is a null inside the container value of a field, at path (see
// pathKey), where the Go type holds a zero value.
type inner struct {
	field int
	path  string
}

func (o *Extra) extra() *Extra { return o }

// Holder is implemented by pointers to structs embedding [Extra].
type Holder interface{ extra() *Extra }

func (o *Extra) reset() { *o = Extra{} }

func (o *Extra) grow() *more {
	if o.more == nil {
		o.more = &more{}
	}
	return o.more
}

// mark records field i as present, and null if isNull. It reports false if
// the field was present already (a duplicate member).
func (o *Extra) mark(i int, isNull bool) bool {
	if i >= 64 {
		return o.markMore(i, isNull)
	}
	bit := uint64(1) << (i & 63)
	dup := o.seen&bit != 0
	o.seen |= bit
	if isNull {
		o.null |= bit
	}
	return !dup
}

// markMore is mark for fields from 64 on.
func (o *Extra) markMore(i int, isNull bool) bool {
	m := o.grow()
	w, bit := (i-64)/64, uint64(1)<<((i-64)%64)
	for len(m.seen) <= w {
		m.seen, m.null = append(m.seen, 0), append(m.null, 0)
	}
	if m.seen[w]&bit != 0 {
		return false
	}
	m.seen[w] |= bit
	if isNull {
		m.null[w] |= bit
	}
	return true
}

// state returns whether field i was present and whether it was null.
func (o *Extra) state(i int) (seen, isNull bool) {
	if i < 64 {
		bit := uint64(1) << i
		return o.seen&bit != 0, o.null&bit != 0
	}
	if o.more == nil {
		return false, false
	}
	w, bit := (i-64)/64, uint64(1)<<((i-64)%64)
	if w >= len(o.more.seen) {
		return false, false
	}
	return o.more.seen[w]&bit != 0, o.more.null[w]&bit != 0
}

// setState gives field i a state outright, forgetting nulls inside it.
func (o *Extra) setState(i int, seen, isNull bool) {
	if i < 64 {
		bit := uint64(1) << i
		o.seen &^= bit
		o.null &^= bit
	} else if o.more != nil {
		w, bit := (i-64)/64, uint64(1)<<((i-64)%64)
		if w < len(o.more.seen) {
			o.more.seen[w] &^= bit
			o.more.null[w] &^= bit
		}
	}
	if seen {
		o.mark(i, isNull)
	}
	if o.more != nil {
		o.more.inner = slices.DeleteFunc(o.more.inner, func(n inner) bool { return n.field == i })
	}
}

// addInner records a null inside field i's value at path.
func (o *Extra) addInner(i int, path string) {
	m := o.grow()
	// Sorted, so that both decode paths remember alike whatever the order.
	n := inner{i, path}
	at, _ := slices.BinarySearchFunc(m.inner, n, func(a, b inner) int {
		if a.field != b.field {
			return a.field - b.field
		}
		return strings.Compare(a.path, b.path)
	})
	m.inner = slices.Insert(m.inner, at, n)
}

// innerOf returns the paths of the nulls inside field i's value.
func (o *Extra) innerOf(i int) []string {
	if o.more == nil || len(o.more.inner) == 0 {
		return nil
	}
	var out []string
	for _, n := range o.more.inner {
		if n.field == i {
			out = append(out, n.path)
		}
	}
	return out
}

func (o *Extra) wasNull() bool { return o.more != nil && o.more.wasNull }

// step is one step into a container: a member name, or an index when idx
// is not negative.
type step struct {
	key string
	idx int
}

// pathKey renders steps as a key of [inner]: indexes as [n], names quoted.
func pathKey(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.idx >= 0 {
			b.WriteString("[" + strconv.Itoa(s.idx) + "]")
		} else {
			b.WriteString(strconv.Quote(s.key))
		}
	}
	return b.String()
}

// Set sets the field f of the struct s to v and marks it present, so that
// it is written even when v is its zero value: an explicit false, 0 or "".
// f must point to a field of s that carries a JSON member, for example
//
//	lossless.Set(&e.Response, &e.Response.AutoConfirmUser, false)
func Set[T any](s Holder, f *T, v T) error { return setField(s, f, v, "Set", true, false) }

// SetNull sets the field f of the struct s to its zero value, written as
// null.
func SetNull[T any](s Holder, f *T) error {
	var zero T
	return setField(s, f, zero, "SetNull", true, true)
}

// Remove sets the field f of the struct s to its zero value and marks it
// absent, so the member is not written at all.
func Remove[T any](s Holder, f *T) error {
	var zero T
	return setField(s, f, zero, "Remove", false, false)
}

func setField[T any](s Holder, f *T, v T, op string, seen, isNull bool) error {
	i, err := fieldIndex(s, f, op)
	if err != nil {
		return err
	}
	*f = v
	s.extra().setState(i, seen, isNull)
	return nil
}

// fieldIndex finds the plan field of s that f points to.
func fieldIndex[T any](s Holder, f *T, op string) (int, error) {
	v := reflect.ValueOf(s)
	if v.IsNil() || f == nil {
		return 0, fmt.Errorf("lossless: %s with a nil pointer", op)
	}
	v = v.Elem()
	p, err := planOf(v.Type())
	if err != nil {
		return 0, err
	}
	want := reflect.ValueOf(f).UnsafePointer()
	for i, pf := range p.fields {
		fv, ok := fieldRead(v, pf.index)
		if ok && fv.Type() == reflect.TypeFor[T]() && fv.Addr().UnsafePointer() == want {
			return i, nil
		}
	}
	return 0, fmt.Errorf("lossless: %s: the pointer is not to a JSON field of %v", op, v.Type())
}

// errDuplicate is a member name given twice in one object.
var errDuplicate = errors.New("duplicate member name")

// Member reports how the member name of the struct s arrived: whether it
// was present, and whether it was null. A member s does not model is
// present when Unknown holds it. The printer asks this (through the method
// go generate gives every source type) so that a member that arrived as
// false, "" or 0 shows, and one that did not arrive does not.
func Member(s Holder, name string) (present, isNull bool) {
	v := reflect.ValueOf(s)
	if v.IsNil() {
		return false, false
	}
	p, err := planOf(v.Elem().Type())
	if err != nil {
		return false, false
	}
	o := s.extra()
	if i, ok := p.byName[name]; ok {
		return o.state(i)
	}
	x, ok := o.Unknown[name]
	return ok, ok && x == nil
}
