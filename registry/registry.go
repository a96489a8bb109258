// Package registry maps declarative discriminator rules to event sources
// and decodes events into their types.
//
// A source registers itself from init() with an ID, a title, a constructor
// for the Go type it decodes into, a [Rule] and a priority. Given the raw
// bytes of an event, [Registry.Detect] names the source with a
// zero-allocation scan of the bytes, and [Registry.Decode] decodes the event
// losslessly into that source's type. The highest-priority matching rule
// wins; two matches of equal priority are an [*AmbiguousError].
//
// The package imports nothing else of this module.
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

// Registry holds sources. Reads never block: every registration publishes
// a new immutable snapshot. The zero value is not usable; call [New].
type Registry struct {
	mu   sync.Mutex // serialises writers
	snap atomic.Pointer[snapshot]
}

// Default is the registry the built-in sources register with.
var Default = New()

// New returns an empty registry.
func New() *Registry {
	r := &Registry{}
	r.snap.Store(compile(nil))
	return r
}

// Register adds a source. It is an error to register an ID twice
// ([ErrDuplicate]), or a source with an empty ID, no constructor, a
// constructor returning a non-pointer, an invalid rule, or a plugin source
// claiming the "aws." namespace ([ErrInvalidSource]).
func (r *Registry) Register(s Source) error {
	if err := s.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	if _, dup := old.byID[s.ID]; dup {
		return fmt.Errorf("%w %q", ErrDuplicate, s.ID)
	}
	r.snap.Store(compile(append(slices.Clone(old.sources), s)))
	return nil
}

// RegisterAll adds several sources atomically: all of them or, on the first
// error, none.
func (r *Registry) RegisterAll(srcs []Source) error {
	seen := map[string]bool{}
	for _, s := range srcs {
		if err := s.validate(); err != nil {
			return err
		}
		if seen[s.ID] {
			return fmt.Errorf("%w %q", ErrDuplicate, s.ID)
		}
		seen[s.ID] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	for _, s := range srcs {
		if _, dup := old.byID[s.ID]; dup {
			return fmt.Errorf("%w %q", ErrDuplicate, s.ID)
		}
	}
	r.snap.Store(compile(append(slices.Clone(old.sources), srcs...)))
	return nil
}

// Unregister removes the sources with the given IDs, if present.
func (r *Registry) Unregister(ids ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	kept := slices.DeleteFunc(slices.Clone(old.sources), func(s Source) bool { return slices.Contains(ids, s.ID) })
	r.snap.Store(compile(kept))
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
	if s, ok := r.snap.Load().byID[id]; ok {
		return *s, nil
	}
	hint := ""
	if svc, _, ok := strings.Cut(strings.TrimPrefix(id, "aws."), "."); ok || strings.HasPrefix(id, "aws.") {
		if svc == "" {
			svc = strings.TrimPrefix(id, "aws.")
		}
		hint = fmt.Sprintf(" (forgotten import of sources/%s or sources/all?)", svc)
	}
	return Source{}, fmt.Errorf("%w %q%s", ErrNoSource, id, hint)
}

// Sources returns every registered source, ordered by ID.
func (r *Registry) Sources() []Source {
	snap := r.snap.Load()
	out := make([]Source, len(snap.sources))
	copy(out, snap.sources)
	slices.SortFunc(out, func(a, b Source) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Decode detects the source of raw and decodes it into the source's type,
// returning a pointer such as *sqs.Event.
func (r *Registry) Decode(raw []byte) (any, error) {
	snap := r.snap.Load()
	src, err := snap.detect(raw)
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
	snap := r.snap.Load()
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
