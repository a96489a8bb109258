package lossless

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Object is embedded in every struct that models a JSON object. It is what
// makes decoding lossless:
//
//   - Unknown holds the members the struct does not model, decoded as plain
//     JSON values (numbers as [encoding/json.Number]); they are written back
//     when the struct is marshalled.
//   - It remembers which modelled members were present and which were null,
//     so a zero value marshals as it came: absent stays absent, null stays
//     null, "" stays "".
//
// A struct built by hand has no such memory: its zero-valued fields are
// omitted, its non-zero fields written.
type Extra struct {
	// Unknown holds the members this struct does not model.
	Unknown map[string]any `json:"-" print:"inline"`

	present, null uint64 // bit i: field i of the type's plan
}

func (o *Extra) extra() *Extra { return o }

// holder is implemented by every struct embedding Extra.
type holder interface{ extra() *Extra }

// plan is what the codec knows of one struct type: its JSON-visible fields
// in declaration order, flattened through embedded structs.
type plan struct {
	fields []planField
	byName map[string]int
}

type planField struct {
	name  string
	index []int
}

var (
	objectType = reflect.TypeFor[Extra]()
	holderType = reflect.TypeFor[holder]()
	plans      sync.Map // reflect.Type → *plan or error
)

func planOf(t reflect.Type) (*plan, error) {
	if v, ok := plans.Load(t); ok {
		if p, ok := v.(*plan); ok {
			return p, nil
		}
		return nil, v.(error)
	}
	p, err := buildPlan(t)
	if err != nil {
		plans.Store(t, err)
		return nil, err
	}
	v, _ := plans.LoadOrStore(t, p)
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
// structs without a name are flattened, and of fields sharing a name the
// shallowest wins (the tagged one among equals); a tie is an error.
func buildPlan(t reflect.Type) (*plan, error) {
	var all []candidate
	collect(t, nil, &all)
	best := map[string]int{} // name → index into all
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
	p := &plan{byName: map[string]int{}}
	for i, c := range all {
		if best[c.name] == i {
			p.byName[c.name] = len(p.fields)
			p.fields = append(p.fields, c.planField)
		}
	}
	if err == nil && len(p.fields) > 64 {
		err = fmt.Errorf("lossless: %v has %d JSON fields, more than the 64 an Extra tracks", t, len(p.fields))
	}
	return p, err
}

// collect appends the fields of struct type t, whose index path from the
// outer struct is prefix.
func collect(t reflect.Type, prefix []int, out *[]candidate) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == objectType {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		index := append(prefix[:len(prefix):len(prefix)], i)
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			collect(f.Type, index, out)
			continue
		}
		if !f.IsExported() {
			continue
		}
		tagged := name != ""
		if !tagged {
			name = f.Name
		}
		*out = append(*out, candidate{planField{name: name, index: index}, tagged})
	}
}
