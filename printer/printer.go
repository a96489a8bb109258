// Package printer renders any Go value as deterministic, indented JSON for
// people to read, with secrets masked and derived values shown beside the
// fields they come from.
//
// Structs print their exported fields in declaration order under their json
// names, leaving out zero values, unless a [MemberStater] says the member
// arrived (false, "", 0 show; null shows as null); embedded structs are flattened as
// encoding/json flattens them (a field hides the embedded fields of its
// name), and a map field tagged print:"inline" (the members a struct keeps
// but does not model) is merged into its struct.
// Map keys are sorted. Pointers are followed, never printed; a cycle or
// the depth limit prints a marker.
//
// # Masks
//
// By default, the value of every member and map key named like a secret
// prints as [Sensitive], at any depth, in modelled fields, free-form maps
// and inline unknown members alike, whatever the name's case
// ([SensitiveName] holds the one list): the credential headers
// authorization, proxy-authorization, cookie, set-cookie, x-api-key,
// x-amz-security-token, x-auth-token, x-csrf-token, x-amzn-oidc-accesstoken
// and x-amzn-oidc-data, and any name containing token, secret, password,
// passwd, credential, apikey, api_key, private_key or signature.
// A string holding a JSON object (an SQS body, an SNS message) prints with
// the same masks applied inside it, JSON text nested in it included, and
// every other byte as it was; an http or https URL prints with the values
// of query parameters named like secrets masked (an SNS SubscribeURL's
// Token, a presigned URL's X-Amz-Signature).
// [WithoutDefaultMasks] turns that off for a caller who asks. Tags and
// paths only add to it: a field tagged sensitive:"true" prints as
// [Sensitive] whatever it holds, and a [Masker] has the values at the paths
// it lists printed as [Sensitive] (a path ending in ** masks every value
// below it and keeps the names: authorizer contexts and claims).
//
// A secret can also be part of a value worth reading, as the credentials of
// a raw query string are ("code=abc&x=1"). Masks replace whole values, so a
// [Redactor] gives, by path, the text that prints in place of the value
// there ("code=[SENSITIVE]&x=1"); masks still apply after it.
//
// A [Deriver] shows, after its fields, each [Derived] value it lists, under
// the key "Name()". The compiler checks what a type lists: method values,
// made into derived values by [Derive] (func() (T, error)) or [DeriveInto]
// (func(v any) error). A value that fails or panics prints as
// [Undecodable], which is about the data; one that fails with an error
// saying there was nothing to derive (an error with a method
// NothingToDerive() bool that returns true, anywhere in its chain, such as
// that of an empty body decoded as JSON) is left out, as a zero result is.
// A derived value without a name or a function prints as [NothingToCall],
// which is about the code.
//
// # Budget
//
// Derived values can be far larger than the event they come from: a
// CloudWatch Logs event of a few hundred KiB inflates to 63 MiB of log
// events. So derived values print within a budget of output bytes, shared
// by all of them in one call: [DefaultBudget], 1 MiB, unless [Budget] sets
// another or [Unbounded] lifts it. The fields of the value itself are not
// counted and always print whole. Within a derived value, once the budget
// is spent, a list ends with the element "[… 51,234 more elements]" (a
// [Cut] names what it holds: "[… 51,234 more log events]") and a map with
// the member "…": "[… 12 more members]"; a string longer than what is left
// is cut to that, but to no less than 64 bytes, and ends "… [12,345 more
// bytes]". Struct fields still print, so the output may pass the budget by
// a few lines. A derived value made by [DeriveWithin] is given what is left
// of the budget, so that it decodes no more than can be shown.
//
// Output stays linear in the depth of the value: levels deeper than 64
// print at the indentation of level 64.
//
// The printer finds these methods through interface assertions, never by
// name, so a program that links it keeps the linker's dead-method
// elimination. It recovers from every panic of the code it calls.
//
// The printer imports nothing of this module; it prints any value.
//
// # Logging
//
// [LogValue] gives the same masked view as a log/slog value: with slog's
// JSON handler, a nested object; derived values only with [WithDerived].
package printer

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Markers printed in place of values.
const (
	// Sensitive replaces a secret.
	Sensitive = "[SENSITIVE]"
	// Undecodable replaces a derived value that failed or panicked, and
	// an error whose Error method panicked.
	Undecodable = "[Cannot be deserialized]"
	// NothingToCall replaces a derived value without a name or a function:
	// a mistake in the code, not in the data.
	NothingToCall = "[Nothing to call]"
	// Cycle replaces a pointer back to a value being printed.
	Cycle = "[cycle]"
	// TooDeep replaces values nested deeper than the depth limit.
	TooDeep = "[depth limit]"
	// Panicked starts the marker "[printer: <what panicked>]", printed as
	// a JSON string in place of the whole output when the printer itself
	// panicked: a bug of the printer, not of the value.
	Panicked = "[printer: "
)

// MemberStater is implemented by structs that know how their members
// arrived (go generate gives every lossless source type the method): a
// member whose field is zero prints when it arrived, as null if it was
// null, and is left out when it did not.
type MemberStater interface {
	MemberState(name string) (present, isNull bool)
}

// Option configures one call of [Fprint] or [Sprint].
type Option func(*config)

type config struct {
	maxDepth int
	indent   string
	zero     bool
	derived  bool
	budget   int  // bytes derived values print in all; -1: no limit
	nomasks  bool // no default masks (SensitiveName)
}

// MaxDepth sets how deep values nest before [TooDeep] replaces them
// (default 64).
func MaxDepth(n int) Option { return func(c *config) { c.maxDepth = n } }

// Indent sets the indentation of one level (default two spaces).
func Indent(s string) Option { return func(c *config) { c.indent = s } }

// WithZero prints zero-valued struct fields too.
func WithZero() Option { return func(c *config) { c.zero = true } }

// WithoutDefaultMasks turns off the default masks: members and map keys
// named like secrets ([SensitiveName]) print in clear. Tags and
// SensitivePaths still mask. For a caller who asks explicitly.
func WithoutDefaultMasks() Option { return func(c *config) { c.nomasks = true } }

// WithoutDerived leaves derived values out.
func WithoutDerived() Option { return func(c *config) { c.derived = false } }

// Sprint renders v as a string.
func Sprint(v any, opts ...Option) string {
	var b bytes.Buffer
	_ = Fprint(&b, v, opts...)
	return b.String()
}

// Fprint renders v to w. The only errors are w's.
func Fprint(w io.Writer, v any, opts ...Option) error {
	c := config{maxDepth: 64, indent: "  ", derived: true, budget: DefaultBudget}
	n := render(v, &c, opts)
	var b bytes.Buffer
	n.write(&b, c.indent, 0)
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// render applies opts to c and renders v, masked, as a tree. A panic of
// the printer itself renders as the marker [Panicked].
func render(v any, c *config, opts []Option) (n *tree) {
	for _, o := range opts {
		o(c)
	}
	p := &walker{cfg: *c, onPath: map[uintptr]bool{}, left: c.budget}
	defer func() {
		if r := recover(); r != nil {
			n = str(fmt.Sprintf("%s%v]", Panicked, r))
		}
	}()
	return p.walk(reflect.ValueOf(v), 0)
}

// tree is the rendered value: an object (keys/vals), an array (vals) or a
// JSON literal (lit).
type tree struct {
	kind byte // '{', '[' or 'l'
	keys []string
	vals []*tree
	lit  string
}

func str(s string) *tree { return &tree{kind: 'l', lit: quote(s)} }

func lit(s string) *tree { return &tree{kind: 'l', lit: s} }

func (t *tree) write(b *bytes.Buffer, indent string, level int) {
	nl := func(l int) {
		b.WriteByte('\n')
		for range min(l, maxIndentLevel) {
			b.WriteString(indent)
		}
	}
	switch t.kind {
	case '{', '[':
		open, end := byte('{'), byte('}')
		if t.kind == '[' {
			open, end = '[', ']'
		}
		b.WriteByte(open)
		for i, v := range t.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(level + 1)
			if t.kind == '{' {
				b.WriteString(quote(t.keys[i]))
				b.WriteString(": ")
			}
			v.write(b, indent, level+1)
		}
		if len(t.vals) > 0 {
			nl(level)
		}
		b.WriteByte(end)
	default:
		b.WriteString(t.lit)
	}
}

type walker struct {
	cfg    config
	onPath map[uintptr]bool // pointers being printed, for the cycle guard

	bounded bool // printing a derived value: counting against the budget
	left    int  // bytes left in the budget
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	numberType = reflect.TypeFor[json.Number]()
	errorType  = reflect.TypeFor[error]()
)

func (p *walker) walkValue(v reflect.Value, depth int) *tree {
	if !v.IsValid() {
		return lit("null")
	}
	if depth > p.cfg.maxDepth {
		return str(TooDeep)
	}
	switch v.Type() {
	case timeType:
		return str(v.Interface().(time.Time).Format(time.RFC3339Nano))
	case numberType:
		if s := v.String(); s != "" && json.Valid([]byte(s)) {
			return lit(s)
		}
		return str(v.String())
	}
	if v.Kind() != reflect.Interface && v.Type().Implements(errorType) && !(v.Kind() == reflect.Pointer && v.IsNil()) {
		var msg string
		if call(func() { msg = v.Interface().(error).Error() }) {
			return str(msg)
		}
		return str(Undecodable)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return lit("null")
		}
		addr := v.Pointer()
		if p.onPath[addr] {
			return str(Cycle)
		}
		p.onPath[addr] = true
		defer delete(p.onPath, addr)
		return p.walkAddressable(v.Elem(), depth)
	case reflect.Interface:
		if v.IsNil() {
			return lit("null")
		}
		return p.walk(v.Elem(), depth)
	case reflect.Struct:
		// Make it addressable, so pointer-receiver methods can be called.
		cp := reflect.New(v.Type()).Elem()
		cp.Set(v)
		return p.walkAddressable(cp, depth)
	case reflect.Map:
		if v.IsNil() {
			return lit("null")
		}
		return p.walkMap(v, depth)
	case reflect.Slice:
		if v.IsNil() {
			return lit("null")
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return p.bytesTree(v.Bytes())
		}
		fallthrough
	case reflect.Array:
		return p.list(v, depth, 0, "")
	case reflect.String:
		return p.text(v.String())
	case reflect.Bool:
		return lit(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return lit(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return lit(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return str(strconv.FormatFloat(f, 'g', -1, 64))
		}
		return lit(strconv.FormatFloat(f, 'g', -1, v.Type().Bits()))
	case reflect.Complex64, reflect.Complex128:
		return str(fmt.Sprint(v.Complex()))
	}
	return str("[" + v.Kind().String() + "]")
}

// walkAddressable prints a value reached through a pointer.
func (p *walker) walkAddressable(v reflect.Value, depth int) *tree {
	var t *tree
	if v.Kind() == reflect.Struct && v.Type() != timeType && !v.Type().Implements(cutterType) {
		t = &tree{kind: '{'}
		p.fields(t, v, depth)
		if p.cfg.derived {
			p.derive(t, v, depth)
		}
	} else {
		t = p.walk(v, depth)
	}
	redacted, ok := redactions(v)
	if !ok {
		return str(Sensitive) // which parts are secret is unknown: all are
	}
	for _, path := range sortedPaths(redacted) {
		replace(t, SplitPath(path), str(redacted[path]))
	}
	paths, ok := sensitivePaths(v)
	if !ok {
		return str(Sensitive)
	}
	for _, path := range paths {
		replace(t, SplitPath(path), nil)
	}
	return t
}

// sortedPaths returns the keys of m, sorted, so that overlapping paths
// apply in the same order every time.
func sortedPaths(m map[string]string) []string {
	paths := make([]string, 0, len(m))
	for p := range m {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// fields adds the fields of struct v to t, then the members of its inline
// maps, which embedded structs hand up so they print after every field.
func (p *walker) fields(t *tree, v reflect.Value, depth int) {
	var inline []reflect.Value
	var arrived MemberStater
	if v.CanAddr() {
		arrived, _ = v.Addr().Interface().(MemberStater)
	}
	p.structFields(t, v, depth, &inline, nil, arrived)
	for _, m := range inline {
		p.members(t, m, depth)
	}
}

// memberValue prints the value of the member name: [Sensitive] when the name is
// a secret's by default ([SensitiveName]), whatever the value holds.
func (p *walker) memberValue(name string, v reflect.Value, depth int) *tree {
	if !p.cfg.nomasks && SensitiveName(name) {
		return str(Sensitive)
	}
	return p.walk(v, depth)
}

// structFields adds the fields of struct v to t, but those named in
// hidden, the names of the fields of the structs that embed it: as in
// encoding/json, a field of an embedded struct is hidden by a field of the
// same name nearer the surface.
func (p *walker) structFields(t *tree, v reflect.Value, depth int, inline *[]reflect.Value, hidden []map[string]bool, arrived MemberStater) {
	typ := v.Type()
	for i := range typ.NumField() {
		f := typ.Field(i)
		fv := v.Field(i)
		if f.Tag.Get("print") == "inline" && fv.Kind() == reflect.Map {
			*inline = append(*inline, fv)
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv, ft = fv.Elem(), ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				p.structFields(t, fv, depth, inline, append(hidden[:len(hidden):len(hidden)], ownNames(typ)), arrived)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if isHidden(hidden, name) {
			continue
		}
		if fv.IsZero() && !p.cfg.zero {
			// A zero value shows when it arrived: false, "", 0 or null.
			present, isNull := false, false
			if arrived != nil {
				present, isNull = arrived.MemberState(name)
			}
			if !present {
				continue
			}
			if isNull {
				t.keys = append(t.keys, name)
				t.vals = append(t.vals, lit("null"))
				continue
			}
		}
		t.keys = append(t.keys, name)
		if f.Tag.Get("sensitive") == "true" {
			t.vals = append(t.vals, str(Sensitive))
			continue
		}
		t.vals = append(t.vals, p.memberValue(name, fv, depth+1))
	}
}

func isHidden(hidden []map[string]bool, name string) bool {
	for _, names := range hidden {
		if names[name] {
			return true
		}
	}
	return false
}

// fieldNames holds the result of ownNames for each struct type.
var fieldNames sync.Map // reflect.Type → map[string]bool

// ownNames returns the json names of the exported fields struct type typ
// declares itself.
func ownNames(typ reflect.Type) map[string]bool {
	if names, ok := fieldNames.Load(typ); ok {
		return names.(map[string]bool)
	}
	names := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" || !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	fieldNames.Store(typ, names)
	return names
}

// derive adds the derived values v lists, when its address is a [Deriver].
func (p *walker) derive(t *tree, v reflect.Value, depth int) {
	if !v.CanAddr() || !v.Addr().CanInterface() {
		return
	}
	d, ok := v.Addr().Interface().(Deriver)
	if !ok {
		return
	}
	var list []Derived
	if !call(func() { list = d.Derived() }) {
		t.keys = append(t.keys, "Derived()")
		t.vals = append(t.vals, str(Undecodable))
		return
	}
	for _, dv := range list {
		if r := p.derived(dv, depth); r != nil {
			t.keys = append(t.keys, dv.name+"()")
			t.vals = append(t.vals, r)
		}
	}
}

// derived returns the printed result of one derived value, or nil when it
// succeeded with a zero value (there was nothing to derive).
func (p *walker) derived(d Derived, depth int) *tree {
	if d.name == "" || d.get == nil {
		return str(NothingToCall)
	}
	var out any
	var err error
	if !call(func() { out, err = d.get(p.limit()) }) {
		return str(Undecodable)
	}
	if err != nil {
		if nothingToDerive(err) {
			return nil
		}
		return str(Undecodable)
	}
	rv := reflect.ValueOf(out)
	if !p.cfg.zero && (!rv.IsValid() || rv.IsZero()) {
		return nil
	}
	bounded := p.bounded
	p.bounded = p.cfg.budget >= 0
	defer func() { p.bounded = bounded }()
	return p.walk(rv, depth+1)
}

// nothingToDerive reports whether err says there was nothing to derive.
func nothingToDerive(err error) bool {
	var n interface{ NothingToDerive() bool }
	nothing := false
	return errors.As(err, &n) && call(func() { nothing = n.NothingToDerive() }) && nothing
}

// call runs f, reporting false if it panicked.
func call(f func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f()
	return true
}

// sensitivePaths returns the paths v lists, when its address is a
// [Masker]; ok is false when SensitivePaths panicked.
func sensitivePaths(v reflect.Value) (paths []string, ok bool) {
	m, is := addrAs[Masker](v)
	return paths, !is || call(func() { paths = m.SensitivePaths() })
}

// redactions returns the texts v has printed in place of values, when its
// address is a [Redactor]; ok is false when Redacted panicked.
func redactions(v reflect.Value) (m map[string]string, ok bool) {
	r, is := addrAs[Redactor](v)
	return m, !is || call(func() { m = r.Redacted() })
}

// addrAs returns the address of v as a T, when v has one and it is a T.
func addrAs[T any](v reflect.Value) (T, bool) {
	var zero T
	if !v.CanAddr() || !v.Addr().CanInterface() {
		return zero, false
	}
	t, ok := v.Addr().Interface().(T)
	return t, ok
}

func (p *walker) walkMap(v reflect.Value, depth int) *tree {
	t := &tree{kind: '{'}
	p.members(t, v, depth)
	return t
}

// members adds the members of map m to t, keys sorted, within the budget.
func (p *walker) members(t *tree, m reflect.Value, depth int) {
	keys := sortedKeys(m)
	for i, k := range keys {
		if !p.member(t, k.s, len(keys)-i) {
			break
		}
		t.keys = append(t.keys, k.s)
		t.vals = append(t.vals, p.memberValue(k.s, m.MapIndex(k.v), depth+1))
	}
}

type mapKey struct {
	s string
	v reflect.Value
}

func sortedKeys(m reflect.Value) []mapKey {
	keys := make([]mapKey, 0, m.Len())
	it := m.MapRange()
	for it.Next() {
		k := it.Key()
		s := fmt.Sprint(k.Interface())
		if k.Kind() == reflect.String {
			s = k.String()
		}
		keys = append(keys, mapKey{s, k})
	}
	slices.SortFunc(keys, func(a, b mapKey) int { return strings.Compare(a.s, b.s) })
	return keys
}

func (p *walker) bytesTree(b []byte) *tree {
	if utf8.Valid(b) {
		return p.text(string(b))
	}
	return p.text("base64:" + base64.StdEncoding.EncodeToString(b))
}

// SplitPath splits a path as a [Masker] writes it, `a.b[0].*`, into its
// segments: "a", "b", "[0]", "*".
func SplitPath(path string) []string {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			switch {
			case i < 0:
				segs, part = append(segs, part), ""
			case i > 0:
				segs, part = append(segs, part[:i]), part[i:]
			default:
				j := strings.IndexByte(part, ']')
				if j < 0 {
					segs, part = append(segs, part), ""
					continue
				}
				segs, part = append(segs, part[:j+1]), part[j+1:]
			}
		}
	}
	return segs
}

// replace replaces the values of t at path with by, or with Sensitive when
// by is nil. A last segment "**" masks every value below, keeping names.
func replace(t *tree, path []string, by *tree) {
	if len(path) == 0 || t == nil {
		return
	}
	seg, rest := path[0], path[1:]
	if seg == "**" && len(rest) == 0 {
		maskLeaves(t)
		return
	}
	for i, v := range t.vals {
		var hit bool
		switch {
		case seg == "*" || seg == "[*]":
			hit = true
		case t.kind == '{':
			hit = t.keys[i] == seg
		case t.kind == '[':
			hit = seg == "["+strconv.Itoa(i)+"]"
		}
		if !hit {
			continue
		}
		switch {
		case len(rest) == 1 && rest[0] == "**" && v.kind == 'l':
			t.vals[i] = str(Sensitive)
		case len(rest) > 0:
			replace(v, rest, by)
		case by != nil:
			t.vals[i] = by
		default:
			t.vals[i] = str(Sensitive)
		}
	}
}

// maskLeaves replaces every literal below t with Sensitive.
func maskLeaves(t *tree) {
	for i, v := range t.vals {
		if v.kind == 'l' {
			t.vals[i] = str(Sensitive)
		} else {
			maskLeaves(v)
		}
	}
}

// quote writes s as a JSON string, escaping only what JSON requires.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x2028 || r == 0x2029 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
