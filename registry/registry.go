// Package registry maps declarative discriminator rules to event sources
// and decodes events into their types.
//
// A source registers itself from init() with an ID, a title, a constructor
// for the Go type it decodes into, a [Rule] and a priority. Given the raw
// bytes of an event, [Registry.Detect] names the source with a
// zero-allocation scan of the bytes, and [Registry.Decode] decodes the event
// losslessly into that source's type. The highest-priority matching rule
// wins; two matches of equal priority are an [*AmbiguousError].
// [Registry.Match] checks an event against one source's rule alone, as a
// handler of one event type does.
//
// # Design
//
// Registering validates the one source and appends it under a mutex, so
// a hundred sources registering from init() cost a hundred appends. The
// first read after a change compiles every rule into an immutable
// snapshot, under the mutex; later reads load it without a lock.
//
// The snapshot holds one trie of every rule's paths, which detection's
// scanner follows in one pass over the bytes, recording which paths are
// present (a bit set) and where the values that rules test lie. It also
// files each rule under one key that must hold for the rule to match: the
// value of an Equals condition (Records[0].eventSource "aws:sqs",
// detail-type "..."), the start of a Prefix one, or the presence of a path.
// The keys present in an event name its candidate rules, a handful whether
// ten sources are registered or hundreds, and only those are evaluated, in
// priority order. Inputs over [MaxInput] bytes are refused before they are
// read.
//
// It imports, of this module, the codec (lossless) and the scanner it
// shares with it (internal/jsonscan).
package registry

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/lossless"
)

// Source describes one event source.
type Source struct {
	// ID names the source: lower case, dot separated ("aws.sqs"). IDs
	// beginning with "aws." are reserved for built-in sources.
	ID string
	// Title says what sends the event, in a few words.
	Title string
	// New returns a pointer to a new zero event of the source's type.
	// Required unless Decode is set.
	New func() any
	// Rule decides whether an event belongs to this source.
	Rule Rule
	// Priority orders matching rules: the highest wins. See the package
	// documentation of sources for the bands the built-in sources use.
	Priority int
	// Origin is "" for a source compiled in, or the plugin that provides it.
	Origin string
	// Decode, if set, replaces the default decoding (a New value filled by
	// [Unmarshal]); plugins set it. DecodeMap then defaults to Decode of the
	// map's JSON.
	Decode func(raw []byte) (any, error)
}

// TypeName is the Go type the source decodes into, e.g. "*sqs.Event", or
// "" when only a custom Decode knows.
func (s Source) TypeName() string {
	if s.New == nil {
		return ""
	}
	return reflect.TypeOf(s.New()).String()
}

// Registry holds sources. Registration is cheap: it validates the one
// source and appends it under a mutex. The first read after a change
// compiles an immutable snapshot of every rule and publishes it; later
// reads load it without a lock. The zero value is an empty registry, as
// [New] returns.
type Registry struct {
	mu      sync.Mutex // serialises writers and the compilation of snapshots
	sources []Source   // registration order; guarded by mu
	ids     map[string]bool
	// snap is the compiled view of sources, or nil after a change until
	// the next read compiles it.
	snap atomic.Pointer[snapshot]
}

// Default is the registry the built-in sources register with.
var Default = New()

// New returns an empty registry.
func New() *Registry { return &Registry{} }

// load returns the current snapshot, compiling it if a registration
// changed the sources since the last read.
func (r *Registry) load() *snapshot {
	if snap := r.snap.Load(); snap != nil {
		return snap
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if snap := r.snap.Load(); snap != nil {
		return snap // another reader compiled it meanwhile
	}
	snap := compile(slices.Clone(r.sources))
	r.snap.Store(snap)
	return snap
}

// Register adds a source. It is an error to register an ID twice
// ([ErrDuplicate]), or a source with an empty ID, no constructor, a
// constructor returning a non-pointer, an invalid rule, or a plugin source
// claiming the "aws." namespace ([ErrInvalidSource]).
func (r *Registry) Register(s Source) error {
	return r.RegisterAll([]Source{s})
}

// RegisterAll adds several sources atomically: all of them or, on the first
// error, none.
func (r *Registry) RegisterAll(srcs []Source) error {
	for _, s := range srcs {
		if err := s.validate(); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, s := range srcs {
		if r.ids[s.ID] || slices.ContainsFunc(srcs[:i], func(o Source) bool { return o.ID == s.ID }) {
			return fmt.Errorf("%w %q", ErrDuplicate, s.ID)
		}
	}
	if r.ids == nil {
		r.ids = map[string]bool{}
	}
	for _, s := range srcs {
		r.ids[s.ID] = true
	}
	r.sources = append(r.sources, srcs...)
	r.snap.Store(nil)
	return nil
}

// Unregister removes the sources with the given IDs, if present.
func (r *Registry) Unregister(ids ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sources = slices.DeleteFunc(r.sources, func(s Source) bool { return slices.Contains(ids, s.ID) })
	for _, id := range ids {
		delete(r.ids, id)
	}
	r.snap.Store(nil)
}

// MustRegister is Register for init functions: it panics on error.
func (r *Registry) MustRegister(s Source) {
	if err := r.Register(s); err != nil {
		panic(err)
	}
}

func (s Source) validate() error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrInvalidSource, s.ID, why) }
	switch {
	case s.ID == "":
		return bad("empty ID")
	case s.ID != strings.ToLower(s.ID) || strings.ContainsAny(s.ID, " \t\n/\\"):
		return bad("an ID is lower case without spaces or slashes")
	case s.Origin != "" && strings.HasPrefix(s.ID, "aws."):
		return bad(`the "aws." namespace is reserved for built-in sources`)
	case s.New == nil && s.Decode == nil:
		return bad("no constructor (New) and no Decode")
	}
	if s.New != nil {
		v := s.New()
		if v == nil || reflect.TypeOf(v).Kind() != reflect.Pointer || reflect.ValueOf(v).IsNil() {
			return bad("New must return a non-nil pointer")
		}
		// A type embedding lossless.Extra promises losslessness: refused
		// here, at init, if it cannot keep the promise.
		if err := lossless.Check(reflect.TypeOf(v)); err != nil {
			return fmt.Errorf("%w %q: %w", ErrInvalidSource, s.ID, err)
		}
	}
	if err := s.Rule.Validate(); err != nil {
		return fmt.Errorf("%w %q: %w", ErrInvalidSource, s.ID, err)
	}
	return nil
}

// Lookup returns the source registered under id.
func (r *Registry) Lookup(id string) (Source, error) {
	snap := r.load()
	if i, ok := snap.byID[id]; ok {
		return snap.sources[i], nil
	}
	hint := ""
	if svc, _, ok := strings.Cut(strings.TrimPrefix(id, "aws."), "."); ok || strings.HasPrefix(id, "aws.") {
		if svc == "" {
			svc = strings.TrimPrefix(id, "aws.")
		}
		hint = importHint(svc)
	}
	return Source{}, fmt.Errorf("%w %q%s", ErrNoSource, id, hint)
}

// importHint suggests the import that registers the sources of a service.
func importHint(svc string) string {
	return fmt.Sprintf(" (forgotten import of sources/%s or sources/all?)", svc)
}

// Sources returns every registered source, ordered by ID.
func (r *Registry) Sources() []Source {
	snap := r.load()
	out := make([]Source, len(snap.sources))
	copy(out, snap.sources)
	slices.SortFunc(out, func(a, b Source) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Decode detects the source of raw and decodes it into the source's type,
// returning a pointer such as *sqs.Event.
func (r *Registry) Decode(raw []byte) (any, error) {
	snap := r.load()
	src, err := snap.detect(raw, false)
	if err != nil {
		return nil, err
	}
	return src.decode(raw)
}

// DecodeAs decodes raw as the source id, without detection.
func (r *Registry) DecodeAs(id string, raw []byte) (any, error) {
	src, err := r.Lookup(id)
	if err != nil {
		return nil, err
	}
	return src.decode(raw)
}

// DecodeMap detects the source of a decoded JSON object (numbers preferably
// as encoding/json.Number) and decodes it into the source's type, with the
// same result as Decode of the map's JSON.
func (r *Registry) DecodeMap(m map[string]any) (any, error) {
	snap := r.load()
	src, err := snap.detectValue(m)
	if err != nil {
		return nil, err
	}
	return src.decodeMap(m)
}

// DecodeMapAs decodes m as the source id, without detection.
func (r *Registry) DecodeMapAs(id string, m map[string]any) (any, error) {
	src, err := r.Lookup(id)
	if err != nil {
		return nil, err
	}
	return src.decodeMap(m)
}

func (s *Source) decode(raw []byte) (any, error) {
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return nil, err
	}
	if s.Decode != nil {
		v, err := s.Decode(raw)
		if err != nil {
			return nil, s.wrap(err)
		}
		return v, nil
	}
	v := s.New()
	if err := unmarshal(raw, v); err != nil {
		return nil, s.wrap(err)
	}
	return v, nil
}

func (s *Source) decodeMap(m map[string]any) (any, error) {
	if s.Decode != nil {
		raw, err := lossless.Marshal(m)
		if err != nil {
			return nil, s.wrap(err)
		}
		return s.decode(raw)
	}
	v := s.New()
	if err := lossless.DecodeMapInto(m, v); err != nil {
		return nil, s.wrap(err)
	}
	return v, nil
}

func (s *Source) wrap(err error) error {
	var de *DecodeError
	if errors.As(err, &de) {
		return err
	}
	var sx *SyntaxError
	if errors.As(err, &sx) {
		return err
	}
	return &DecodeError{Source: s.ID, Path: lossless.PathOf(err), Err: err}
}
