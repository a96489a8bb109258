package registry

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/bits"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/printer"
)

// snapshot is an immutable view of a registry's sources, compiled for
// detection by the first read after a change.
type snapshot struct {
	sources []Source
	byID    map[string]int // index in sources
	rules   []compiled     // by priority, highest first, then by ID
	root    *jsonscan.Node
	height  int               // of the trie: the most containers on a path
	paths   []string          // path ID → path text
	segs    [][]jsonscan.Step // path ID → segments, for the map path
	// values is the number of paths whose values conditions test (Equals,
	// Prefix, Contains): they come first, and detection records the spans
	// of those only; of the others it records presence.
	values  int
	index   index
	onStack bool      // detect keeps its buffers on its stack
	pool    sync.Pool // *buffers, for when it does not

	// For Match and LookupType, made when first asked for: by index in
	// sources, each source's rule compiled alone; by Go type, the sources
	// decoding into it.
	matchers  []atomic.Pointer[matcher]
	typesOnce sync.Once
	// The paths of tagged secrets ([snapshot.secretPaths]), made when
	// first asked for.
	secretsOnce sync.Once
	secrets     [][]string
	byType      map[reflect.Type][]int
}

type compiled struct {
	src      *Source
	priority int
	all, any []ccond
	// What holds tests first: the presence and absence All requires, one
	// mask word by word; then values, the value tests of All.
	gates  []gate
	values []ccond
}

// gate is what a rule requires of one word of the bit set of present
// paths: the paths that must be present (Exists and the value tests of
// All), absent (Absent of All).
type gate struct {
	word         int
	need, forbid uint64
}

// compileRule compiles the rule of s, numbering paths with pathID.
func compileRule(s *Source, pathID func(string) int) compiled {
	conds := func(in []Cond) []ccond {
		out := make([]ccond, len(in))
		for j, cd := range in {
			out[j] = ccond{Cond: cd, path: pathID(cd.Path), op: opcodeOf(cd.Op), value: []byte(cd.Value)}
		}
		// Cheap, selective tests first: a value test fails fastest.
		slices.SortStableFunc(out, func(a, b ccond) int { return cmp.Compare(opCost(a.Op), opCost(b.Op)) })
		return out
	}
	c := compiled{src: s, priority: s.Priority, all: conds(s.Rule.All), any: conds(s.Rule.Any)}
	c.compileGates()
	return c
}

// compileGates sets the gates and values of c.
func (c *compiled) compileGates() {
	for _, cd := range c.all {
		if cd.op != opExists && cd.op != opAbsent {
			c.values = append(c.values, cd)
		}
		w, bit := cd.path>>6, uint64(1)<<(cd.path&63)
		i := slices.IndexFunc(c.gates, func(g gate) bool { return g.word == w })
		if i < 0 {
			i = len(c.gates)
			c.gates = append(c.gates, gate{word: w})
		}
		if cd.op == opAbsent {
			c.gates[i].forbid |= bit
		} else {
			c.gates[i].need |= bit
		}
	}
}

type ccond struct {
	Cond
	path  int
	op    opcode
	value []byte // Value, for Contains
}

// opcode is Op as a number, for detection.
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

// tests reports whether the condition tests the value at its path, not
// only its presence.
func (c Cond) tests() bool { return c.Op != Exists && c.Op != Absent }

func compile(sources []Source) *snapshot {
	snap := &snapshot{sources: sources, byID: make(map[string]int, len(sources)), root: jsonscan.NewTrie(),
		matchers: make([]atomic.Pointer[matcher], len(sources))}
	ids := map[string]int{}
	pathID := func(p string) int {
		if id, ok := ids[p]; ok {
			return id
		}
		segs, _ := parsePath(p) // validated at registration
		n := len(snap.paths)
		id := snap.root.Insert(segs, &snap.paths, p)
		if id == n {
			snap.segs = append(snap.segs, segs)
		}
		ids[p] = id
		return id
	}
	// The paths whose values are tested first, then the others.
	for _, values := range []bool{true, false} {
		for i := range sources {
			for _, c := range sources[i].Rule.All {
				if c.tests() == values {
					pathID(c.Path)
				}
			}
			for _, c := range sources[i].Rule.Any {
				if c.tests() == values {
					pathID(c.Path)
				}
			}
		}
		if values {
			snap.values = len(snap.paths)
		}
	}
	snap.rules = make([]compiled, len(sources))
	for i := range sources {
		snap.byID[sources[i].ID] = i
		snap.rules[i] = compileRule(&snap.sources[i], pathID)
	}
	slices.SortFunc(snap.rules, func(a, b compiled) int {
		if c := cmp.Compare(b.priority, a.priority); c != 0 {
			return c
		}
		return cmp.Compare(a.src.ID, b.src.ID)
	})
	snap.index = buildIndex(snap.rules, len(snap.paths))
	snap.height = snap.root.Finish()
	npaths, values, h := len(snap.paths), snap.values, snap.height
	snap.onStack = values <= stackValues && jsonscan.Words(npaths) <= stackWords &&
		snap.index.words <= stackRules && h <= jsonscan.StackHeight
	snap.pool.New = func() any {
		return &buffers{s: jsonscan.NewScanner(npaths, values, h), cand: make([]uint64, snap.index.words)}
	}
	return snap
}

// What detect keeps on its stack, at most: the spans of the paths whose
// values are tested, a bit set of the paths present, one of the candidate
// rules.
const (
	stackValues = 32
	stackWords  = 4 // 256 paths
	stackRules  = 4 // 256 rules
)

type stackBuffers struct {
	spans   [stackValues]jsonscan.Span
	present [stackWords]uint64
	cand    [stackRules]uint64
}

// buffers are detect's when they do not fit its stack, pooled.
type buffers struct {
	s    *jsonscan.Scanner
	cand []uint64
}

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
//
// It reads raw along the paths the rules name and skips, without
// validating them, the values no rule's path reaches: a value whose member
// name no path holds (an API Gateway event's headers, an SQS record's
// body), and the elements of an array after the last one a path names
// (Records[1] onwards). Skipping finds the ends of strings and counts
// brackets, nothing more. So Detect returns a [*SyntaxError] for invalid
// JSON in what it reads: the objects and arrays on the rules' paths (their
// brackets, member names, colons and commas), the scalars in them, anything
// after the top-level value, nesting deeper than 10000, and a string or a
// bracket left open anywhere. Invalid JSON inside a skipped value (a bad
// number, a missing comma, a ']' closing a '{') goes unnoticed: Detect may
// name a source for raw, and then [Registry.Decode], DecodeAs and Handle,
// which validate everything they decode, reject raw with a [*SyntaxError]
// and its path. For valid JSON the source is the one
// [Registry.DetectStrict] and [Registry.DetectMap] name.
//
// It cannot decide sooner than the end of the top-level value and still
// agree with DetectMap: a member after those that decide may make a rule
// of higher or equal priority match (a top-level Records or eventSourceARN
// after an API Gateway or SQS event's members), and JSON objects have no
// order.
func (r *Registry) Detect(raw []byte) (string, error) {
	src, err := r.load().detect(raw, false)
	if err != nil {
		return "", err
	}
	return src.ID, nil
}

// DetectStrict is [Registry.Detect] validating the whole of raw, as a
// parser does: invalid JSON anywhere is a [*SyntaxError] at its offset
// (string contents aside, which decoding checks). It names the same
// source as Detect for valid JSON, and costs about 1.2 to 1.3 times as
// much on AWS's sample events. The CLI's detect and package stream's
// Detect use it, so that they report invalid input.
func (r *Registry) DetectStrict(raw []byte) (string, error) {
	src, err := r.load().detect(raw, true)
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

// detect scans raw, skimming it (see [Registry.Detect]) or, if strict,
// validating all of it, and picks its source.
func (snap *snapshot) detect(raw []byte, strict bool) (*Source, error) {
	if err := jsonscan.CheckSize(len(raw)); err != nil {
		return nil, err
	}
	if snap.onStack {
		words := jsonscan.Words(len(snap.paths))
		var b stackBuffers
		spans, present := b.spans[:snap.values], b.present[:words]
		if strict {
			s := jsonscan.Scanner{Data: raw}
			s.DocumentInto(snap.root, spans, present)
			if s.Err != nil {
				return nil, s.Err
			}
		} else if err := jsonscan.Skim(raw, snap.root, spans, present); err != nil {
			return nil, err
		}
		return snap.pickBytes(raw, spans, present, b.cand[:snap.index.words])
	}
	b := snap.pool.Get().(*buffers)
	b.s.Reset(raw)
	var err *jsonscan.SyntaxError
	if strict {
		b.s.Document(snap.root)
		err = b.s.Err
	} else {
		err = jsonscan.Skim(raw, snap.root, b.s.Spans, b.s.Present)
	}
	var src *Source
	var perr error
	if err != nil {
		perr = err
	} else {
		src, perr = snap.pickBytes(raw, b.s.Spans, b.s.Present, b.cand)
	}
	b.s.Data = nil
	snap.pool.Put(b)
	return src, perr
}

// pickBytes returns the source of the highest-priority rule that matches
// the scanned bytes: present has a bit for each path found, spans the
// spans of the paths whose values are tested; cand receives the candidate
// rules.
func (snap *snapshot) pickBytes(raw []byte, spans []jsonscan.Span, present, cand []uint64) (*Source, error) {
	snap.index.candidates(raw, spans, present, cand)
	holds := func(i int) bool { return snap.rules[i].holds(raw, spans, present) }
	best, tied := snap.best(cand, holds)
	switch {
	case tied:
		return nil, snap.ambiguous(best, cand, holds)
	case best < 0:
		return nil, snap.unknownBytes(raw)
	}
	return snap.rules[best].src, nil
}

// best returns the first candidate rule for which holds, or -1, and
// whether another of its priority holds too. Candidates come in priority
// order, so only those of its priority are tried after it.
func (snap *snapshot) best(cand []uint64, holds func(rule int) bool) (best int, tied bool) {
	best = -1
	for w, word := range cand {
		for ; word != 0; word &= word - 1 {
			i := w<<6 | bits.TrailingZeros64(word)
			if best >= 0 && snap.rules[i].priority < snap.rules[best].priority {
				return best, tied
			}
			if holds(i) {
				tied = best >= 0
				if !tied {
					best = i
				}
			}
		}
	}
	return best, tied
}

// ambiguous builds the error for the candidates of best's priority that
// hold with it.
func (snap *snapshot) ambiguous(best int, cand []uint64, holds func(rule int) bool) error {
	e := &AmbiguousError{Priority: snap.rules[best].priority}
	for i := best; i < len(snap.rules) && snap.rules[i].priority == e.Priority; i++ {
		if cand[i>>6]&(1<<(i&63)) != 0 && holds(i) {
			e.IDs = append(e.IDs, snap.rules[i].src.ID)
		}
	}
	return e
}

// unknownBytes builds the error for an event no rule matched, scanning it
// again for the values of every path, which the error may quote.
func (snap *snapshot) unknownBytes(raw []byte) error {
	s := jsonscan.NewScanner(len(snap.paths), len(snap.paths), snap.height)
	s.Reset(raw)
	_ = jsonscan.Skim(raw, snap.root, s.Spans, s.Present) // raw was scanned
	return snap.unknown(bytesDoc{raw, s.Spans})
}

// holds reports whether the rule matches the scanned bytes: every
// condition of all holds and, if any is not empty, one of any.
func (c *compiled) holds(raw []byte, spans []jsonscan.Span, present []uint64) bool {
	for _, g := range c.gates {
		if p := present[g.word]; p&g.need != g.need || p&g.forbid != 0 {
			return false
		}
	}
	for i := range c.values {
		if !c.values[i].holds(raw, spans, present) {
			return false
		}
	}
	if len(c.any) == 0 {
		return true
	}
	for i := range c.any {
		if c.any[i].holds(raw, spans, present) {
			return true
		}
	}
	return false
}

// holds is test on scanned bytes.
func (c *ccond) holds(raw []byte, spans []jsonscan.Span, present []uint64) bool {
	found := present[c.path>>6]&(1<<(c.path&63)) != 0
	switch c.op {
	case opExists:
		return found
	case opAbsent:
		return !found
	}
	if !found {
		return false
	}
	sp := spans[c.path]
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

// detectValue is detect for decoded JSON: the same index names the
// candidate rules, from the values found walking the trie.
func (snap *snapshot) detectValue(v any) (*Source, error) {
	d := snap.walk(v, snap.values)
	cand := make([]uint64, snap.index.words)
	snap.index.treeCandidates(d, cand)
	holds := func(i int) bool { return match(&snap.rules[i], d) }
	best, tied := snap.best(cand, holds)
	switch {
	case tied:
		return nil, snap.ambiguous(best, cand, holds)
	case best < 0:
		// The error may quote the value of any path.
		return nil, snap.unknown(snap.walk(v, len(snap.paths)))
	}
	return snap.rules[best].src, nil
}

// walk returns the treeDoc of v, holding the values of the first values
// paths.
func (snap *snapshot) walk(v any, values int) *treeDoc {
	d := &treeDoc{vals: make([]any, values), present: make([]uint64, jsonscan.Words(len(snap.paths)))}
	d.walk(snap.root, v)
	return d
}

// doc is what rules are evaluated against outside detection's hot path:
// the value of each path ID.
type doc interface {
	// value returns the text of the value at path: a string's contents, or
	// another value's JSON literal; isStr tells which.
	value(path int) (text string, isStr, found bool)
	// has reports whether the path is present.
	has(path int) bool
}

// bytesDoc reads values from scanned raw bytes, spans given for every
// path.
type bytesDoc struct {
	raw   []byte
	spans []jsonscan.Span
}

func (d bytesDoc) has(path int) bool { return d.spans[path].End != 0 }

func (d bytesDoc) value(path int) (string, bool, bool) {
	sp := d.spans[path]
	if sp.End == 0 {
		return "", false, false
	}
	v := d.raw[sp.Start:sp.End]
	if v[0] != '"' {
		return string(v), false, true
	}
	v = v[1 : len(v)-1]
	if jsonscan.HasBackslash(v) {
		v = jsonscan.Unquote(v)
	}
	return string(v), true, true
}

// treeDoc holds the values of decoded JSON (map[string]any, []any, ...)
// found walking the trie: which paths are present, and the values of the
// paths below len(vals).
type treeDoc struct {
	vals    []any    // by path ID
	present []uint64 // a bit for each path found
}

// walk records v, the value at the trie Node n, and the values within it.
func (d *treeDoc) walk(n *jsonscan.Node, v any) {
	if p := n.Path(); p >= 0 {
		if p < len(d.vals) {
			d.vals[p] = v
		}
		d.present[p>>6] |= 1 << (p & 63)
	}
	switch c := v.(type) {
	case map[string]any:
		if names := n.Names(); len(names) <= len(c) {
			for i, name := range names {
				if x, ok := c[name]; ok {
					d.walk(n.Children()[i], x)
				}
			}
		} else if len(names) > 0 {
			for k, x := range c {
				if child := n.Child(k); child != nil {
					d.walk(child, x)
				}
			}
		}
	case []any:
		for i, child := range n.Elems() {
			if child != nil && i < len(c) {
				d.walk(child, c[i])
			}
		}
	}
}

func (d *treeDoc) has(path int) bool { return d.present[path>>6]&(1<<(path&63)) != 0 }

func (d *treeDoc) value(path int) (string, bool, bool) {
	if !d.has(path) {
		return "", false, false
	}
	text, isStr := render(d.vals[path])
	return text, isStr, true
}

// render returns the text of a decoded JSON value: a string's contents, or
// another value's JSON literal; isStr tells which.
func render(v any) (text string, isStr bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case nil:
		return "null", false
	case bool:
		return strconv.FormatBool(x), false
	case json.Number:
		return string(x), false
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), false
	}
	b, _ := json.Marshal(v)
	return string(b), false
}

func test[D doc](c *ccond, d D) bool {
	switch c.Op {
	case Exists:
		return d.has(c.path)
	case Absent:
		return !d.has(c.path)
	}
	text, _, found := d.value(c.path)
	if !found {
		return false
	}
	switch c.Op {
	case Equals:
		return text == c.Value
	case Prefix:
		return strings.HasPrefix(text, c.Value)
	case Contains:
		return strings.Contains(text, c.Value)
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
			switch {
			case test(&cs[j], d):
				met++
			case d.has(cs[j].path):
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
	return &UnknownError{Nearest: nearest.src.ID, Lacked: lacked(d, nearest, snap.secretPaths())}
}

// lacked describes the first condition of c that does not hold for d.
func lacked(d doc, c *compiled, secrets [][]string) string {
	for _, r := range explainRule(d, c, secrets).Conds {
		if !r.OK {
			return r.String()
		}
	}
	return "a condition of its Any group"
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
	s := jsonscan.NewScanner(len(snap.paths), len(snap.paths), snap.height)
	s.Reset(raw)
	s.Document(snap.root)
	if s.Err != nil {
		return nil, s.Err
	}
	d := bytesDoc{raw, s.Spans}
	out := make([]Verdict, len(snap.rules))
	for i := range snap.rules {
		out[i] = explainRule(d, &snap.rules[i], snap.secretPaths())
	}
	_, err := pick(snap, d)
	return out, err
}

// maxQuoted is the most bytes of a value that Explain and error messages
// quote: hostile input may hold a million digits.
const maxQuoted = 64

// quoteFound renders the value found at path for Explain and errors: at most
// maxQuoted bytes of it, and printer.Sensitive where a member on the path
// holds a secret by name (printer.SensitiveName: apiKey, Authorization, ...)
// or the path lies at or below a field a registered type tags sensitive
// (secrets, see [snapshot.secretPaths]).
// An object or an array shows as {…} or […] with its size, since members
// inside it may hold secrets the path does not name (an authorizer's
// context under requestContext); an empty one shows as it is.
func quoteFound(path, text string, isStr bool, secrets [][]string) string {
	if steps, err := parsePath(path); err == nil {
		for _, st := range steps {
			if st.Index < 0 && printer.SensitiveName(st.Key) {
				return printer.Sensitive
			}
		}
		if tagged(steps, secrets) {
			return printer.Sensitive
		}
	}
	if !isStr && len(text) > 2 && (text[0] == '{' || text[0] == '[') {
		if text[0] == '{' {
			return fmt.Sprintf("{…} (%d bytes)", len(text))
		}
		return fmt.Sprintf("[…] (%d bytes)", len(text))
	}
	if isStr {
		text = printer.MaskText(text) // JSON text or a URL holding secrets
	}
	more := ""
	if len(text) > maxQuoted {
		i := maxQuoted
		for i > 0 && !utf8.RuneStart(text[i]) {
			i--
		}
		more = fmt.Sprintf("… (%d bytes)", len(text))
		text = text[:i]
	}
	if isStr {
		text = strconv.Quote(text)
	}
	return text + more
}

func explainRule(d doc, c *compiled, secrets [][]string) Verdict {
	v := Verdict{ID: c.src.ID, Priority: c.src.Priority, Matched: match(c, d)}
	add := func(cs []ccond, any bool) {
		for i := range cs {
			text, isStr, found := d.value(cs[i].path)
			r := CondResult{Cond: cs[i].Cond, Any: any, OK: test(&cs[i], d)}
			if found {
				r.Found = quoteFound(cs[i].Path, string(text), isStr, secrets)
			}
			v.Conds = append(v.Conds, r)
		}
	}
	add(c.all, false)
	add(c.any, true)
	return v
}
