package sources

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

// Carried is one payload that a part of an event carries: a message body,
// the data of a stream record, a Kafka value, an EventBridge detail.
// [Unwrap] detects it with [registry.Default] and decodes it.
type Carried struct {
	// Path is the member holding the payload, relative to the carrier and
	// written as rule paths are: "body", "Message", "data".
	Path string
	// Data is the payload as JSON text, decoded from base64 and inflated
	// as its member requires. A JSON document no source detects is
	// yielded as plain values; anything else is left out.
	Data []byte
	// Object is a payload already decoded as a JSON object (EventBridge's
	// detail), used when Data is nil. It is yielded only when a
	// registered source detects it: as plain values it is in the event
	// already.
	Object map[string]any
	// ID and Value are a payload the carrier decoded itself, when no
	// registered source detects Data (a CloudWatch Logs payload in a
	// Kinesis record): ID names what Value is.
	ID    string
	Value any
	// Cost is the bytes the carrier produced to find the payload
	// (decoded, inflated), counted against [Unwrap]'s budget with or
	// without a payload; at least len(Data) is counted.
	Cost int64
}

// none reports whether c holds no payload.
func (c Carried) none() bool { return c.Data == nil && c.Object == nil && c.Value == nil }

// A Carrier is a part of an event that carries a payload: an SQS message,
// an SNS message, a Kinesis or Firehose record, a Kafka record, an MQ
// message, an EventBridge event. [Unwrap] finds carriers anywhere in an
// event, whatever its source, so a plugin's or a user's own type takes
// part by implementing this method.
//
// CarriedPayload returns the payload; a Carried without Data, Object or
// Value is none. limit bounds the bytes it may produce by decompressing:
// more is no payload.
type Carrier interface {
	CarriedPayload(limit int64) Carried
}

// Nested is a payload found in an event by [Unwrap].
type Nested struct {
	// Parent is the index, in Unwrap's result, of the payload carrying
	// this one; -1 for the event given to Unwrap.
	Parent int
	// Depth is 1 for a payload of the event given to Unwrap, 2 for a
	// payload of that payload, ...
	Depth int
	// Path is where the payload lies in its parent, written as rule paths
	// are: "Records[0].body", "Records[0].kinesis.data", "Message".
	Path string
	// ID is the source a payload was detected as, and Value the payload
	// decoded into its type (*sns.Message, *s3.Event, a plugin's event).
	// A JSON document no source detects has ID "" and plain values
	// (maps, slices, json.Number, ...); a payload its carrier decoded
	// itself has the carrier's name for it, such as
	// "aws.cloudwatch.logs.payload" (no registered source).
	ID    string
	Value any
}

// Bounds of [Unwrap] by default.
const (
	// UnwrapDepth is how deep payloads nest before Unwrap stops looking.
	UnwrapDepth = 8
	// UnwrapBudget bounds the bytes of payloads that Unwrap decodes and
	// inflates, all levels together: 64 MiB.
	UnwrapBudget = 64 << 20
)

// UnwrapOptions are the registry and the bounds of [Unwrap]; a zero
// member takes its default.
type UnwrapOptions struct {
	Registry *registry.Registry // detects and decodes payloads: [registry.Default]
	MaxDepth int                // payloads at this depth are not searched: [UnwrapDepth]
	Budget   int64              // bytes of payload data, all levels together: [UnwrapBudget]
}

// Unwrap returns the payloads v, a decoded event, carries at every level,
// depth first in the order of the event: an SNS envelope in an SQS body,
// the S3 notification in its Message, the CloudWatch Logs payload or any
// JSON event in Kinesis and Firehose data, a JSON event in a Kafka value
// or an MQ message, an event a registered source detects in an
// EventBridge detail. It finds every [Carrier] in v by reflection, so it
// knows no source. Each payload is detected and decoded through the
// registry, so plugin sources take part, and then searched in turn.
// Payloads nest at most MaxDepth levels, and Budget bounds the bytes of
// payload data decoded and inflated in all: a payload beyond it is left
// out, as is one that is not JSON. A payload is never an error.
func Unwrap(v any, opts UnwrapOptions) []Nested {
	u := unwrapper{reg: opts.Registry, maxDepth: opts.MaxDepth, budget: opts.Budget}
	if u.reg == nil {
		u.reg = registry.Default
	}
	if u.maxDepth == 0 {
		u.maxDepth = UnwrapDepth
	}
	if u.budget == 0 {
		u.budget = UnwrapBudget
	}
	u.walk(reflect.ValueOf(v), "", -1, 0)
	return u.out
}

type unwrapper struct {
	reg      *registry.Registry
	maxDepth int
	budget   int64
	out      []Nested
}

// walk searches v, found at path in the payload at index parent (of the
// given depth), for carriers.
func (u *unwrapper) walk(v reflect.Value, path string, parent, depth int) {
	if !v.IsValid() || depth >= u.maxDepth || u.budget <= 0 || !mayCarry(v.Type()) {
		return
	}
	if v.Kind() != reflect.Pointer && v.CanAddr() {
		v = v.Addr() // reach methods with pointer receivers
	}
	if v.CanInterface() {
		if c, ok := v.Interface().(Carrier); ok && (v.Kind() != reflect.Pointer || !v.IsNil()) {
			u.carried(c, path, parent, depth)
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		u.fields(v, path, parent, depth)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			u.walk(v.Index(i), path+"["+strconv.Itoa(i)+"]", parent, depth)
		}
	case reflect.Map:
		keys := v.MapKeys()
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			u.walk(v.MapIndex(k), member(path, k.String()), parent, depth)
		}
	}
}

// fields walks the fields of struct v under their JSON names; an embedded
// struct without a name adds its fields to v's.
func (u *unwrapper) fields(v reflect.Value, path string, parent, depth int) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !mayCarry(f.Type):
			continue
		case f.Anonymous && name == "":
			fv := v.Field(i)
			if fv.Kind() == reflect.Pointer {
				fv = fv.Elem()
			}
			if fv.Kind() == reflect.Struct {
				u.fields(fv, path, parent, depth)
				continue
			}
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		u.walk(v.Field(i), member(path, name), parent, depth)
	}
}

// carried adds the payload c carries, found at path, and what it carries.
func (u *unwrapper) carried(c Carrier, path string, parent, depth int) {
	p := c.CarriedPayload(min(u.budget, inflate.DefaultLimit))
	u.budget -= max(p.Cost, int64(len(p.Data)))
	if p.none() || u.budget < 0 {
		return
	}
	n := Nested{Parent: parent, Depth: depth + 1, Path: join(path, p.Path)}
	switch {
	case p.Data != nil:
		n.ID, n.Value = u.decode(p.Data, p.ID, p.Value)
	case p.Object != nil:
		id, err := u.reg.DetectMap(p.Object)
		if err != nil {
			return
		}
		if n.Value, err = u.reg.DecodeMapAs(id, p.Object); err != nil {
			return
		}
		n.ID = id
	default:
		n.ID, n.Value = p.ID, p.Value
	}
	if n.Value == nil {
		return
	}
	u.out = append(u.out, n)
	if n.ID != "" {
		u.walk(reflect.ValueOf(n.Value), "", len(u.out)-1, depth+1)
	}
}

// decode returns the event data holds, decoded into its source's
// type; or else fallback, named id, when there is one; or else the JSON
// document as plain values with ID "", and nil for data that is not JSON.
func (u *unwrapper) decode(data []byte, id string, fallback any) (string, any) {
	if found, v, ok := detected(u.reg, data); ok {
		return found, v
	}
	if fallback != nil {
		return id, fallback
	}
	v, err := plainJSON(data)
	if err != nil {
		return "", nil
	}
	return "", v
}

// member returns path followed by the member name, quoted as rule paths
// quote names (`["a.b"]`) unless it is plain: letters, digits, '_', '-',
// '$' or '@'. So a path never holds " > " or ": ", which chains of paths
// use as separators.
func member(path, name string) string {
	if !plain(name) {
		q, _ := json.Marshal(name)
		return path + "[" + string(q) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func plain(name string) bool {
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_-$@", r) {
			return false
		}
	}
	return name != ""
}

// join appends rel, a carrier's relative path, to path.
func join(path, rel string) string {
	switch {
	case rel == "":
		return path
	case path == "" || rel[0] == '[':
		return path + rel
	}
	return path + "." + rel
}

var (
	carrierType = reflect.TypeFor[Carrier]()
	mayCarryMap sync.Map // reflect.Type → bool
)

// mayCarry reports whether a value of type t may hold a [Carrier]: t is
// one, or holds one in a field, element or map value (not through an
// interface: free-form JSON carries nothing). Walking only those keeps
// Unwrap from visiting the bulk of an event (images, headers, claims).
func mayCarry(t reflect.Type) bool {
	if ok, found := mayCarryMap.Load(t); found {
		return ok.(bool)
	}
	ok := carries(t, map[reflect.Type]bool{})
	mayCarryMap.Store(t, ok)
	return ok
}

func carries(t reflect.Type, onWay map[reflect.Type]bool) bool {
	if t.Implements(carrierType) || reflect.PointerTo(t).Implements(carrierType) {
		return true
	}
	if onWay[t] {
		return false
	}
	onWay[t] = true
	defer delete(onWay, t)
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return carries(t.Elem(), onWay)
	case reflect.Map:
		return t.Key().Kind() == reflect.String && carries(t.Elem(), onWay)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); (f.IsExported() || f.Anonymous) && carries(f.Type, onWay) {
				return true
			}
		}
	}
	return false
}

// CarriedText is the payload of a member holding JSON text (an SQS body,
// an SNS message) at path: none for empty text.
func CarriedText(path, text string) Carried {
	if text == "" {
		return Carried{}
	}
	return Carried{Path: path, Data: []byte(text)}
}

// PlainJSON is how [Chain] names a payload no source detects.
const PlainJSON = "json"

// Chain returns the way from the event to ns[i], a payload [Unwrap]
// found: for each level the path, ": " and the ID, joined by " > ",
// "Records[2].body: aws.sns.envelope > Message: aws.s3". A payload no
// source detects shows as [PlainJSON]. A path holds neither separator:
// Unwrap quotes odd member names as rule paths do, records["a b"].
func Chain(ns []Nested, i int) string {
	var steps []string
	for ; i >= 0 && i < len(ns); i = ns[i].Parent {
		id := ns[i].ID
		if id == "" {
			id = PlainJSON
		}
		steps = append(steps, ns[i].Path+": "+id)
	}
	slices.Reverse(steps)
	return strings.Join(steps, " > ")
}
