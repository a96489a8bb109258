package lossless

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// plan is what the codec knows of one struct type: its JSON-visible fields
// in declaration order, flattened through embedded structs and embedded
// pointers to structs, as encoding/json sees them.
type plan struct {
	fields []planField
	byName map[string]int
}

type planField struct {
	name  string
	index []int
	typ   reflect.Type
	// viaPtr: the index passes through an embedded pointer, which may be
	// nil (then the field reads as absent) and is allocated on decoding.
	viaPtr bool
	// opts holds the json tag's options (",omitempty"), which lossless types
	// may not use: the codec decides what is written.
	opts string
}

var (
	extraType = reflect.TypeFor[Extra]()
	plans     sync.Map // reflect.Type → *plan or error
)

func planOf(t reflect.Type) (*plan, error) {
	if v, ok := plans.Load(t); ok {
		if p, ok := v.(*plan); ok {
			return p, nil
		}
		return nil, v.(error)
	}
	var v any
	if p, err := buildPlan(t); err != nil {
		v = err
	} else {
		v = p
	}
	v, _ = plans.LoadOrStore(t, v)
	if p, ok := v.(*plan); ok {
		return p, nil
	}
	return nil, v.(error)
}

// candidate is a field that may carry a JSON name, before shadowing.
type candidate struct {
	planField
	tagged bool
}

// buildPlan lists the JSON fields of t as encoding/json sees them: embedded
// structs (and pointers to them) without a name are flattened, and of fields
// sharing a name the shallowest wins (the tagged one among equals); a tie is
// an error.
func buildPlan(t reflect.Type) (*plan, error) {
	all := make([]candidate, 0, t.NumField())
	collect(t, nil, false, &all, []reflect.Type{t})
	best := make(map[string]int, len(all)) // name → index into all
	var err error
	for i, c := range all {
		j, seen := best[c.name]
		switch {
		case !seen:
			best[c.name] = i
		case len(c.index) < len(all[j].index):
			best[c.name] = i
		case len(c.index) == len(all[j].index) && c.tagged != all[j].tagged:
			if c.tagged {
				best[c.name] = i
			}
		case len(c.index) == len(all[j].index):
			err = fmt.Errorf("lossless: %v: two fields named %q", t, c.name)
		}
	}
	p := &plan{byName: make(map[string]int, len(best)), fields: make([]planField, 0, len(best))}
	for i, c := range all {
		if best[c.name] == i {
			p.byName[c.name] = len(p.fields)
			p.fields = append(p.fields, c.planField)
		}
	}
	return p, err
}

// collect appends the fields of struct type t, whose index path from the
// outer struct is prefix.
func collect(t reflect.Type, prefix []int, viaPtr bool, out *[]candidate, open []reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == extraType {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := f.Index // []int{i}, fresh from reflect
		if len(prefix) > 0 {
			index = append(prefix[:len(prefix):len(prefix)], i)
		}
		if f.Anonymous && name == "" {
			ft, ptr := f.Type, false
			if ft.Kind() == reflect.Pointer {
				ft, ptr = ft.Elem(), true
			}
			if ft.Kind() == reflect.Struct {
				// encoding/json ignores embedded pointers to unexported
				// structs: it could not allocate them.
				if (ptr && !f.IsExported()) || slices.Contains(open, ft) {
					continue
				}
				collect(ft, index, viaPtr || ptr, out, append(open, ft))
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		tagged := name != ""
		if !tagged {
			name = f.Name
		}
		*out = append(*out, candidate{planField{name: name, index: index, typ: f.Type, viaPtr: viaPtr, opts: opts}, tagged})
	}
}

// fieldRead returns the field of struct v at index, or false when an
// embedded pointer on the way is nil.
func fieldRead(v reflect.Value, index []int) (reflect.Value, bool) {
	if len(index) == 1 {
		return v.Field(index[0]), true
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// fieldWrite returns the field of struct v at index, allocating embedded
// pointers on the way.
func fieldWrite(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}
