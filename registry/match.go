package registry

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/lossless"
)

// LookupType returns the source whose New returns a value of type t, such
// as reflect.TypeFor[*sqs.Event](). It is an error ([ErrNoSource]) if no
// source does, or if several do.
func (r *Registry) LookupType(t reflect.Type) (Source, error) {
	snap := r.load()
	snap.typesOnce.Do(snap.indexTypes)
	switch is := snap.byType[t]; len(is) {
	case 1:
		return snap.sources[is[0]], nil
	case 0:
		hint := ""
		if t != nil {
			pkg := t.PkgPath()
			if t.Kind() == reflect.Pointer {
				pkg = t.Elem().PkgPath()
			}
			if _, svc, ok := strings.Cut(pkg, "/sources/"); ok {
				hint = importHint(svc)
			}
		}
		return Source{}, fmt.Errorf("%w: none decodes into %v%s", ErrNoSource, t, hint)
	default:
		ids := make([]string, len(is))
		for j, i := range is {
			ids[j] = snap.sources[i].ID
		}
		slices.Sort(ids)
		return Source{}, fmt.Errorf("%w: several decode into %v (%s)", ErrNoSource, t, strings.Join(ids, ", "))
	}
}

// indexTypes fills byType.
func (snap *snapshot) indexTypes() {
	snap.byType = map[reflect.Type][]int{}
	for i := range snap.sources {
		if s := &snap.sources[i]; s.New != nil {
			t := reflect.TypeOf(s.New())
			snap.byType[t] = append(snap.byType[t], i)
		}
	}
}

// Match checks raw against the rule of the source id alone, without
// detection: it returns nil if raw satisfies the rule, whatever other
// sources would match it too; an [*UnknownError] naming id and the first
// condition raw lacks if it does not; a [*SyntaxError] if raw is not JSON.
// The rule is compiled once, and matching allocates nothing unless it
// fails.
func (r *Registry) Match(id string, raw []byte) error {
	m, _, err := r.matcher(id)
	if err != nil {
		return err
	}
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return err
	}
	return m.match(raw)
}

// matcher is one source's rule compiled alone, with a trie of its paths.
type matcher struct {
	snap   *snapshot // for the secrets a mismatch does not quote
	rule   compiled
	root   *jsonscan.Node
	paths  int
	height int
	steps  [][]jsonscan.Step // by path ID
}

func newMatcher(s *Source, snap *snapshot) *matcher {
	m := &matcher{snap: snap, root: jsonscan.NewTrie()}
	var paths []string
	m.rule = compileRule(s, func(p string) int {
		segs, _ := parsePath(p) // validated at registration
		id := m.root.Insert(segs, &paths, p)
		for len(m.steps) <= id {
			m.steps = append(m.steps, nil)
		}
		m.steps[id] = segs
		return id
	})
	m.paths, m.height = len(paths), m.root.Finish()
	return m
}

// The most paths of a rule whose spans match keeps on its stack.
const matchStack = 16

func (m *matcher) match(raw []byte) error {
	if m.paths <= matchStack && m.height <= jsonscan.StackHeight {
		var spans [matchStack]jsonscan.Span
		var present [1]uint64
		s := jsonscan.Scanner{Data: raw}
		s.DocumentInto(m.root, spans[:m.paths], present[:])
		if s.Err != nil {
			return s.Err
		}
		if m.rule.holds(raw, spans[:], present[:]) {
			return nil
		}
		return m.mismatch(raw, append([]jsonscan.Span(nil), spans[:m.paths]...))
	}
	s := jsonscan.NewScanner(m.paths, m.paths, m.height)
	s.Reset(raw)
	s.Document(m.root)
	if s.Err != nil {
		return s.Err
	}
	if m.rule.holds(raw, s.Spans, s.Present) {
		return nil
	}
	return m.mismatch(raw, s.Spans)
}

func (m *matcher) mismatch(raw []byte, spans []jsonscan.Span) error {
	return &UnknownError{Nearest: m.rule.src.ID, Lacked: lacked(bytesDoc{raw, spans}, &m.rule, m.snap.secretPaths())}
}

// DecodeMatch is [Registry.Match] then [Registry.DecodeAs] in one pass
// over raw: it decodes raw as the source id, then checks the source's
// rule against the decoded event, which remembers what the JSON held
// ([lossless.Lookup]). The errors are Match's where raw lacks a condition
// or is not JSON, DecodeAs's otherwise. Where the event cannot tell (a
// source with its own Decode, a value the rule tests that is an object), the
// rule is checked on raw, as Match does.
func (r *Registry) DecodeMatch(id string, raw []byte) (any, error) {
	m, src, err := r.matcher(id)
	if err != nil {
		return nil, err
	}
	if src.Decode != nil {
		if err := r.Match(id, raw); err != nil {
			return nil, err
		}
		return src.decode(raw)
	}
	v, err := src.decode(raw)
	if err != nil {
		if merr := r.Match(id, raw); merr != nil {
			return nil, merr // not this source's event at all
		}
		return nil, err
	}
	d := typedDoc{v: v, steps: m.steps}
	if match(&m.rule, &d) && !d.unsure {
		return v, nil
	}
	if err := r.Match(id, raw); err != nil {
		return nil, err
	}
	return v, nil // the event could not tell; raw holds
}

// matcher returns the matcher of the source id, compiling it on first use.
func (r *Registry) matcher(id string) (*matcher, *Source, error) {
	snap := r.load()
	i, ok := snap.byID[id]
	if !ok {
		_, err := r.Lookup(id)
		return nil, nil, err
	}
	m := snap.matchers[i].Load()
	if m == nil {
		// Racing callers compile it alike; one of them is kept.
		snap.matchers[i].CompareAndSwap(nil, newMatcher(&snap.sources[i], snap))
		m = snap.matchers[i].Load()
	}
	return m, &snap.sources[i], nil
}

// typedDoc reads a rule's paths in a decoded event; unsure records that
// some path could not be told from it.
type typedDoc struct {
	v      any
	steps  [][]jsonscan.Step // by path ID
	unsure bool
}

func (d *typedDoc) has(path int) bool {
	_, _, f := lossless.Lookup(d.v, d.steps[path])
	if f == lossless.Unsure {
		d.unsure = true
	}
	return f == lossless.Scalar || f == lossless.Composite
}

func (d *typedDoc) value(path int) (string, bool, bool) {
	text, isStr, f := lossless.Lookup(d.v, d.steps[path])
	if f == lossless.Unsure || f == lossless.Composite {
		d.unsure = true // a composite's JSON text is raw's to tell
	}
	return text, isStr, f == lossless.Scalar
}
