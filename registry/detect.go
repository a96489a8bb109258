package registry

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// snapshot is an immutable view of a registry's sources, compiled for
// detection. Registrations replace it whole.
type snapshot struct {
	sources []Source
	byID    map[string]*Source
	rules   []compiled // by priority, highest first, then by ID
	gates   []gate     // parallel to rules, for pickBytes
	root    *jsonscan.Node
	height  int               // of the trie: the most containers on a path
	paths   []string          // path ID → path text
	segs    [][]jsonscan.Step // path ID → segments, for the map path
	pool    sync.Pool         // *jsonscan.Scanner, for more paths or a taller trie than detect keeps on its stack
}

type compiled struct {
	src      *Source
	priority int
	// needs is a path that must be present for the rule to match (that of
	// its first All condition other than Absent), or -1: without masks, the
	// rules of other events are mostly dismissed by it alone.
	needs    int
	all, any []ccond
	gate     gate
	values   []ccond // the value tests of All, for when gate holds
}

// gate is what pickBytes tests of a rule first: with at most 64 paths, the
// paths that must be present (Exists and the value tests of All), absent
// (Absent of All), and of which one must be present (those of Any, unless
// it holds an Absent).
type gate struct {
	need, forbid, anyNeed uint64
	priority              int
}

type ccond struct {
	Cond
	path  int
	op    opcode
	value []byte // Value, for Contains
}

// opcode is Op as a number, for pickBytes.
type opcode uint8

const (
	opExists opcode = iota
	opAbsent
	opEquals
	opPrefix
	opContains
	opNone // an Op no condition holds for
)

func opcodeOf(op Op) opcode {
	switch op {
	case Exists:
		return opExists
	case Absent:
		return opAbsent
	case Equals:
		return opEquals
	case Prefix:
		return opPrefix
	case Contains:
		return opContains
	}
	return opNone
}

func compile(sources []Source) *snapshot {
	snap := &snapshot{sources: sources, byID: map[string]*Source{}, root: jsonscan.NewTrie()}
	for i := range sources {
		s := &snap.sources[i]
		snap.byID[s.ID] = s
		c := compiled{src: s}
		conds := func(in []Cond) []ccond {
			out := make([]ccond, len(in))
			for j, cd := range in {
				segs, _ := parsePath(cd.Path) // validated at registration
				n := len(snap.paths)
				id := snap.root.Insert(segs, &snap.paths, cd.Path)
				if id == n {
					snap.segs = append(snap.segs, segs)
				}
				out[j] = ccond{Cond: cd, path: id, op: opcodeOf(cd.Op), value: []byte(cd.Value)}
			}
			// Cheap, selective tests first: a value test fails fastest.
			slices.SortStableFunc(out, func(a, b ccond) int { return cmp.Compare(opCost(a.Op), opCost(b.Op)) })
			return out
		}
		c.all, c.any = conds(s.Rule.All), conds(s.Rule.Any)
		c.priority, c.needs = s.Priority, -1
		for _, cd := range c.all {
			if cd.op != opAbsent {
				c.needs = cd.path
				break
			}
		}
		c.gate.priority = s.Priority
		for _, cd := range c.all {
			switch bit := uint64(1) << (cd.path & 63); cd.op {
			case opAbsent:
				c.gate.forbid |= bit
			case opExists:
				c.gate.need |= bit
			default:
				c.gate.need |= bit
				c.values = append(c.values, cd)
			}
		}
		for _, cd := range c.any {
			if cd.op == opAbsent {
				c.gate.anyNeed = 0
				break
			}
			c.gate.anyNeed |= uint64(1) << (cd.path & 63)
		}
		snap.rules = append(snap.rules, c)
	}
	slices.SortFunc(snap.rules, func(a, b compiled) int {
		if c := cmp.Compare(b.src.Priority, a.src.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.src.ID, b.src.ID)
	})
	for i := range snap.rules {
		snap.gates = append(snap.gates, snap.rules[i].gate)
	}
	snap.height = snap.root.Finish()
	n, h := len(snap.paths), snap.height
	snap.pool.New = func() any { return jsonscan.NewScanner(n, h) }
	return snap
}

// The most paths, and the tallest trie, for which detect keeps its scanner
// on the stack rather than taking one from the pool.
const stackSpans = 32

func opCost(op Op) int {
	switch op {
	case Equals, Prefix:
		return 0
	case Exists, Contains:
		return 1
	}
	return 2
}

// Detect names the source of raw, a JSON event, without decoding it.
func (r *Registry) Detect(raw []byte) (string, error) {
	src, err := r.load().detect(raw)
	if err != nil {
		return "", err
	}
	return src.ID, nil
}

// DetectMap names the source of an already decoded JSON value.
func (r *Registry) DetectMap(m map[string]any) (string, error) {
	src, err := r.load().detectValue(m)
	if err != nil {
		return "", err
	}
	return src.ID, nil
}

func (snap *snapshot) detect(raw []byte) (*Source, error) {
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return nil, err
	}
	if len(snap.paths) <= stackSpans && snap.height <= jsonscan.StackHeight {
		var buf [stackSpans]jsonscan.Span
		spans := buf[:len(snap.paths)]
		s := jsonscan.Scanner{Data: raw}
		s.DocumentInto(snap.root, spans)
		if s.Err != nil {
			return nil, s.Err
		}
		return snap.pickBytes(raw, spans, s.Present)
	}
	s := snap.pool.Get().(*jsonscan.Scanner)
	s.Reset(raw)
	clear(s.Spans)
	s.Document(snap.root)
	var src *Source
	var err error
	if s.Err != nil {
		err = s.Err
	} else {
		src, err = snap.pickBytes(raw, s.Spans, s.Present)
	}
	s.Data = nil
	snap.pool.Put(s)
	return src, err
}

// pickBytes is pick for scanned bytes, without the indirection of the doc
// interface; present is the scanner's mask of the paths found.
func (snap *snapshot) pickBytes(raw []byte, spans []jsonscan.Span, present uint64) (*Source, error) {
	best := -1
	var tied []string
	if len(snap.paths) <= 64 {
		// Rules are mostly dismissed by which paths are present.
		for i := range snap.gates {
			g := &snap.gates[i]
			if best >= 0 && g.priority < snap.gates[best].priority {
				break
			}
			if present&g.need != g.need || present&g.forbid != 0 || present&g.anyNeed == 0 && g.anyNeed != 0 ||
				!snap.rules[i].matchValues(raw, spans) {
				continue
			}
			snap.tally(i, &best, &tied)
		}
	} else {
		for i := range snap.rules {
			c := &snap.rules[i]
			if best >= 0 && c.priority < snap.rules[best].priority {
				break
			}
			if c.needs >= 0 && spans[c.needs].End == 0 || !c.matchBytes(raw, spans) {
				continue
			}
			snap.tally(i, &best, &tied)
		}
	}
	switch {
	case tied != nil:
		return nil, &AmbiguousError{IDs: tied, Priority: snap.rules[best].src.Priority}
	case best < 0:
		// A copy: spans may be on detect's stack.
		return nil, snap.unknown(bytesDoc{raw, append([]jsonscan.Span(nil), spans...)})
	}
	return snap.rules[best].src, nil
}

// matchValues is matchBytes once the masks hold: the value tests of All,
// then Any.
func (c *compiled) matchValues(raw []byte, spans []jsonscan.Span) bool {
	return holdAll(c.values, c.any, raw, spans)
}

func (c *compiled) matchBytes(raw []byte, spans []jsonscan.Span) bool {
	return holdAll(c.all, c.any, raw, spans)
}

// holdAll reports whether every condition of all holds and, if any is not
// empty, one of any.
func holdAll(all, any []ccond, raw []byte, spans []jsonscan.Span) bool {
	for i := range all {
		if !all[i].holds(raw, spans) {
			return false
		}
	}
	if len(any) == 0 {
		return true
	}
	for i := range any {
		if any[i].holds(raw, spans) {
			return true
		}
	}
	return false
}

// holds is test on scanned bytes.
func (c *ccond) holds(raw []byte, spans []jsonscan.Span) bool {
	sp := spans[c.path]
	switch c.op {
	case opExists:
		return sp.End != 0
	case opAbsent:
		return sp.End == 0
	}
	if sp.End == 0 {
		return false
	}
	v := raw[sp.Start:sp.End]
	if v[0] == '"' {
		v = v[1 : len(v)-1]
		if jsonscan.SpanEscaped(raw, int(sp.Start)+1, len(v)) {
			v = jsonscan.Unquote(v)
		}
	}
	switch c.op {
	case opEquals:
		return string(v) == c.Value
	case opPrefix:
		return len(v) >= len(c.Value) && string(v[:len(c.Value)]) == c.Value
	case opContains:
		return bytes.Contains(v, c.value)
	}
	return false
}

func (snap *snapshot) detectValue(v any) (*Source, error) {
	return pick(snap, mapDoc{v, snap.segs})
}

// doc is what rules are evaluated against: the value of each path ID.
type doc interface {
	// value returns the text of the value at path: a string's contents, or
	// another value's JSON literal; isStr tells which.
	value(path int) (text []byte, isStr, found bool)
}

// bytesDoc reads values from scanned raw bytes; it allocates only to
// decode a string holding escapes.
type bytesDoc struct {
	raw   []byte
	spans []jsonscan.Span
}

func (d bytesDoc) value(path int) ([]byte, bool, bool) {
	sp := d.spans[path]
	if sp.End == 0 {
		return nil, false, false
	}
	v := d.raw[sp.Start:sp.End]
	if v[0] != '"' {
		return v, false, true
	}
	v = v[1 : len(v)-1]
	if jsonscan.HasBackslash(v) {
		v = jsonscan.Unquote(v)
	}
	return v, true, true
}

// mapDoc reads values from decoded JSON (map[string]any, []any, ...).
type mapDoc struct {
	root any
	segs [][]jsonscan.Step
}

func (d mapDoc) value(path int) ([]byte, bool, bool) {
	v := d.root
	for _, s := range d.segs[path] {
		switch c := v.(type) {
		case map[string]any:
			x, ok := c[s.Key]
			if !ok || s.Index >= 0 {
				return nil, false, false
			}
			v = x
		case []any:
			if s.Index < 0 || s.Index >= len(c) {
				return nil, false, false
			}
			v = c[s.Index]
		default:
			return nil, false, false
		}
	}
	switch x := v.(type) {
	case string:
		return []byte(x), true, true
	case nil:
		return []byte("null"), false, true
	case bool:
		return strconv.AppendBool(nil, x), false, true
	case json.Number:
		return []byte(x), false, true
	case float64:
		return strconv.AppendFloat(nil, x, 'g', -1, 64), false, true
	}
	b, _ := json.Marshal(v)
	return b, false, true
}

func test[D doc](c *ccond, d D) bool {
	text, _, found := d.value(c.path)
	switch c.Op {
	case Exists:
		return found
	case Absent:
		return !found
	}
	if !found {
		return false
	}
	switch c.Op {
	case Equals:
		return string(text) == c.Value
	case Prefix:
		return len(text) >= len(c.Value) && string(text[:len(c.Value)]) == c.Value
	case Contains:
		return bytes.Contains(text, []byte(c.Value))
	}
	return false
}

func match[D doc](c *compiled, d D) bool {
	for i := range c.all {
		if !test(&c.all[i], d) {
			return false
		}
	}
	if len(c.any) == 0 {
		return true
	}
	for i := range c.any {
		if test(&c.any[i], d) {
			return true
		}
	}
	return false
}

// tally records that rule i matched: the first match (the highest
// priority) is best, later ones of its priority tie with it.
func (snap *snapshot) tally(i int, best *int, tied *[]string) {
	if *best < 0 {
		*best = i
		return
	}
	if *tied == nil {
		*tied = []string{snap.rules[*best].src.ID}
	}
	*tied = append(*tied, snap.rules[i].src.ID)
}

// pick returns the source of the highest-priority matching rule.
func pick[D doc](snap *snapshot, d D) (*Source, error) {
	best := -1
	var tied []string
	for i := range snap.rules {
		c := &snap.rules[i]
		if best >= 0 && c.src.Priority < snap.rules[best].src.Priority {
			break
		}
		if !match(c, d) {
			continue
		}
		snap.tally(i, &best, &tied)
	}
	switch {
	case tied != nil:
		return nil, &AmbiguousError{IDs: tied, Priority: snap.rules[best].src.Priority}
	case best < 0:
		return nil, snap.unknown(d)
	}
	return snap.rules[best].src, nil
}

// unknown builds the error for an event no rule matched, naming the rule
// that came nearest: the most conditions met, a condition whose path holds
// another value counting half, then the highest priority.
func (snap *snapshot) unknown(d doc) error {
	var nearest *compiled
	bestScore := 0.0
	score := func(cs []ccond) (met float64) {
		for j := range cs {
			// Only what is there is evidence: an absent path proves nothing.
			if cs[j].Op == Absent {
				continue
			}
			switch _, _, found := d.value(cs[j].path); {
			case test(&cs[j], d):
				met++
			case found:
				met += 0.5
			}
		}
		return met
	}
	for i := range snap.rules {
		c := &snap.rules[i]
		met, total := score(c.all), float64(len(c.all))
		if len(c.any) > 0 {
			total++
			met += min(1, score(c.any))
		}
		if s := met / total; s > bestScore {
			nearest, bestScore = c, s
		}
	}
	if nearest == nil {
		return &UnknownError{}
	}
	for _, r := range explainRule(d, nearest).Conds {
		if !r.OK {
			return &UnknownError{Nearest: nearest.src.ID, Lacked: r.String()}
		}
	}
	return &UnknownError{Nearest: nearest.src.ID, Lacked: "a condition of its Any group"}
}

// Verdict is how one source's rule fared against an event.
type Verdict struct {
	ID       string
	Priority int
	Matched  bool
	Conds    []CondResult
}

// CondResult is how one condition fared: whether it held and what was found
// at its path.
type CondResult struct {
	Cond
	Any   bool   // part of the rule's Any group
	OK    bool   // the condition held
	Found string // the value found, as JSON text, or "" when absent
}

// String describes the result, e.g. `Records[0].eventSource equals "aws:sqs" (found "aws:sns")`.
func (r CondResult) String() string {
	found := "absent"
	if r.Found != "" {
		found = "found " + r.Found
	}
	return fmt.Sprintf("%s (%s)", r.Cond, found)
}

// Explain evaluates every rule against raw and reports, source by source in
// priority order, which conditions held and what was found. The error is
// that of Detect: nil, ambiguity, unknown source or invalid JSON.
func (r *Registry) Explain(raw []byte) ([]Verdict, error) {
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return nil, err
	}
	snap := r.load()
	s := jsonscan.NewScanner(len(snap.paths), snap.height)
	s.Reset(raw)
	s.Document(snap.root)
	if s.Err != nil {
		return nil, s.Err
	}
	d := bytesDoc{raw, s.Spans}
	out := make([]Verdict, len(snap.rules))
	for i := range snap.rules {
		out[i] = explainRule(d, &snap.rules[i])
	}
	_, err := pick(snap, d)
	return out, err
}

func explainRule(d doc, c *compiled) Verdict {
	v := Verdict{ID: c.src.ID, Priority: c.src.Priority, Matched: match(c, d)}
	add := func(cs []ccond, any bool) {
		for i := range cs {
			text, isStr, found := d.value(cs[i].path)
			r := CondResult{Cond: cs[i].Cond, Any: any, OK: test(&cs[i], d)}
			if found {
				r.Found = string(text)
				if isStr {
					r.Found = strconv.Quote(r.Found)
				}
				if len(r.Found) > 80 {
					r.Found = r.Found[:77] + "..."
				}
			}
			v.Conds = append(v.Conds, r)
		}
	}
	add(c.all, false)
	add(c.any, true)
	return v
}
