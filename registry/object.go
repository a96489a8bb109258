package registry

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
type Object struct {
	// Unknown holds the members this struct does not model.
	Unknown map[string]any `json:"-" print:"inline"`

	present, null uint64 // bit i: field i of the type's plan
}

func (o *Object) object() *Object { return o }

// holder is implemented by every struct embedding Object.
type holder interface{ object() *Object }

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
	objectType = reflect.TypeFor[Object]()
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
	p := &plan{byName: map[string]int{}}
	var err error
	p.collect(t, nil, &err)
	if err == nil && len(p.fields) > 64 {
		err = fmt.Errorf("registry: %v has %d JSON fields, more than the 64 an Object tracks", t, len(p.fields))
	}
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

// collect adds the JSON fields of struct type t, whose index path from the
// outer struct is prefix, as encoding/json would see them.
func (p *plan) collect(t reflect.Type, prefix []int, errp *error) {
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
			p.collect(f.Type, index, errp)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := p.byName[name]; dup {
			*errp = fmt.Errorf("registry: %v: two fields named %q", t, name)
			return
		}
		p.byName[name] = len(p.fields)
		p.fields = append(p.fields, planField{name: name, index: index})
	}
}

// recordKeys fills o's bookkeeping from the keys of a decoded map, as the
// bytes path does while decoding: the map path calls it.
func (p *plan) recordKeys(o *Object, m map[string]any) {
	o.present, o.null = 0, 0
	for k, v := range m {
		i, ok := p.byName[k]
		if !ok {
			if o.Unknown == nil {
				o.Unknown = map[string]any{}
			}
			o.Unknown[k] = v
			continue
		}
		o.present |= 1 << i
		if v == nil {
			o.null |= 1 << i
		}
	}
}
