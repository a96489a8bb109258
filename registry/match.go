package registry

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
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
	snap := r.load()
	i, ok := snap.byID[id]
	if !ok {
		_, err := r.Lookup(id)
		return err
	}
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return err
	}
	m := snap.matchers[i].Load()
	if m == nil {
		// Racing callers compile it alike; one of them is kept.
		snap.matchers[i].CompareAndSwap(nil, newMatcher(&snap.sources[i], snap))
		m = snap.matchers[i].Load()
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
}

func newMatcher(s *Source, snap *snapshot) *matcher {
	m := &matcher{snap: snap, root: jsonscan.NewTrie()}
	var paths []string
	m.rule = compileRule(s, func(p string) int {
		segs, _ := parsePath(p) // validated at registration
		return m.root.Insert(segs, &paths, p)
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
