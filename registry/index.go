package registry

import (
	"math/bits"
	"slices"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

// index finds the rules an event may match, its candidates, from the paths
// present in it and the values of a few: detection then evaluates those
// only, a handful whether ten sources are registered or hundreds.
//
// Each rule is filed under one key that holds whenever the rule does: the
// value of one of its Equals conditions (among them, the one on the path
// with the most distinct values, as detail-type rather than source), or
// else the start of the value of a Prefix condition, or else the presence
// of the path of an Exists or Contains condition (the path fewest rules
// use), unless more rules use it than the rule's Any group has conditions:
// then under each of those. A rule whose All group holds only Absent conditions is filed under
// every condition of its Any group; with an Absent one there too, it is a
// candidate for every event.
type index struct {
	words  int      // of a bit set of rules
	always []uint64 // the rules that are candidates for every event
	// Bit sets of the paths whose presence, whose value, files rules.
	byPresence, byValue []uint64
	byPath              []entry  // by path ID
	sets                []uint64 // the bit sets of rules entries name, words each
}

// entry holds the rules filed under one path. Offsets are in index.sets,
// -1 for none.
type entry struct {
	present int32 // the rules the path's presence makes candidates
	// The rules filed under a value of the path: by the whole value (a
	// string's contents, another value's JSON text), and by its first
	// prefixLen bytes. Escaped is every one of them, for a string holding
	// escapes.
	equals    *table
	prefixes  *table
	prefixLen int
	escaped   int32
}

// table maps values to offsets of rule sets: a few values by comparing
// them, more through a map.
type table struct {
	keys []string
	offs []int32
	m    map[string]int32
}

// A table of more values than this is a map.
const tableLinear = 8

// lookup returns the offset of the rules of the value v.
func lookup[T string | []byte](t *table, v T) (int32, bool) {
	if t.m != nil {
		off, ok := t.m[string(v)]
		return off, ok
	}
	for i, k := range t.keys {
		if len(k) == len(v) && k == string(v) {
			return t.offs[i], true
		}
	}
	return 0, false
}

func (t *table) add(k string, off int32) {
	t.keys, t.offs = append(t.keys, k), append(t.offs, off)
	if len(t.keys) > tableLinear {
		if t.m == nil {
			t.m = make(map[string]int32, len(t.keys))
			for i, k := range t.keys {
				t.m[k] = t.offs[i]
			}
		}
		t.m[k] = off
	}
}

// candidates sets in cand the bits of the rules the scanned event may
// match: present has a bit for each path found, spans the spans of the
// paths whose values are tested.
func (x *index) candidates(raw []byte, spans []jsonscan.Span, present, cand []uint64) {
	x.presentCandidates(present, cand)
	for w, word := range present {
		for word &= x.byValue[w]; word != 0; word &= word - 1 {
			p := w<<6 | bits.TrailingZeros64(word)
			e := &x.byPath[p]
			sp := spans[p]
			v := raw[sp.Start:sp.End]
			if v[0] == '"' {
				v = v[1 : len(v)-1]
				if jsonscan.SpanEscaped(raw, int(sp.Start)+1, len(v)) {
					x.add(cand, e.escaped)
					continue
				}
			}
			valueCandidates(x, e, v, cand)
		}
	}
}

// treeCandidates is candidates for decoded JSON.
func (x *index) treeCandidates(d *treeDoc, cand []uint64) {
	x.presentCandidates(d.present, cand)
	for w, word := range d.present {
		for word &= x.byValue[w]; word != 0; word &= word - 1 {
			p := w<<6 | bits.TrailingZeros64(word)
			text, _ := render(d.vals[p])
			valueCandidates(x, &x.byPath[p], text, cand)
		}
	}
}

// presentCandidates sets in cand the rules every event is a candidate for
// and those filed under the presence of a path of present.
func (x *index) presentCandidates(present, cand []uint64) {
	copy(cand, x.always)
	for w, word := range present {
		for word &= x.byPresence[w]; word != 0; word &= word - 1 {
			x.add(cand, x.byPath[w<<6|bits.TrailingZeros64(word)].present)
		}
	}
}

// valueCandidates adds to cand the rules e files under the value v: a
// string's contents without escapes, or another value's JSON text.
func valueCandidates[T string | []byte](x *index, e *entry, v T, cand []uint64) {
	if e.equals != nil {
		if off, ok := lookup(e.equals, v); ok {
			x.add(cand, off)
		}
	}
	if e.prefixes != nil && len(v) >= e.prefixLen {
		if off, ok := lookup(e.prefixes, v[:e.prefixLen]); ok {
			x.add(cand, off)
		}
	}
}

// add adds the rules of the set at off to cand.
func (x *index) add(cand []uint64, off int32) {
	set := x.sets[off : int(off)+len(cand)]
	for i := range cand {
		cand[i] |= set[i]
	}
}

// key is what a rule is filed under: the presence of a path (opExists),
// its value (opEquals) or the start of its value (opPrefix).
type key struct {
	path  int
	op    opcode
	value string
}

// keysOf returns the keys a rule is filed under, or nil if it is a
// candidate for every event; distinct is, by path, the number of distinct
// values Equals conditions of All groups test, uses the number of rules
// with a condition on the path.
func keysOf(c *compiled, distinct, uses []int) []key {
	var eq, pre, ex *ccond
	for j := range c.all {
		switch cd := &c.all[j]; cd.op {
		case opEquals:
			if eq == nil || distinct[cd.path] > distinct[eq.path] {
				eq = cd
			}
		case opPrefix:
			if pre == nil {
				pre = cd
			}
		case opExists, opContains:
			if ex == nil || uses[cd.path] < uses[ex.path] {
				ex = cd
			}
		}
	}
	switch {
	case eq != nil:
		return []key{{eq.path, opEquals, eq.Value}}
	case pre != nil:
		return []key{{pre.path, opPrefix, pre.Value}}
	case ex != nil:
		// A presence many rules share (userPoolId, of every Cognito
		// trigger) names them all: the keys of Any, if fewer, name fewer.
		if k := anyKeys(c); k != nil && len(k) < uses[ex.path] {
			return k
		}
		return []key{{ex.path, opExists, ""}}
	}
	// All holds only Absent conditions, if any: one of Any must hold.
	return anyKeys(c)
}

// anyKeys returns the keys of the conditions of c's Any group, one of
// which holds whenever c does, or nil if it is empty or holds Absent.
func anyKeys(c *compiled) []key {
	keys := make([]key, 0, len(c.any))
	for _, cd := range c.any {
		switch cd.op {
		case opAbsent:
			return nil
		case opEquals, opPrefix:
			keys = append(keys, key{cd.path, cd.op, cd.Value})
		default:
			keys = append(keys, key{cd.path, opExists, ""})
		}
	}
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// buildIndex files rules, sorted as detection tries them, over npaths
// paths.
func buildIndex(rules []compiled, npaths int) index {
	x := index{words: (len(rules) + 63) / 64, byPath: make([]entry, npaths),
		byPresence: make([]uint64, jsonscan.Words(npaths)), byValue: make([]uint64, jsonscan.Words(npaths))}
	distinct, uses := make([]int, npaths), make([]int, npaths)
	seen := map[key]bool{}
	for i := range rules {
		for _, cd := range rules[i].all {
			if k := (key{cd.path, opEquals, cd.Value}); cd.op == opEquals && !seen[k] {
				seen[k] = true
				distinct[cd.path]++
			}
		}
		var used []int
		for _, cs := range [][]ccond{rules[i].all, rules[i].any} {
			for _, cd := range cs {
				if !slices.Contains(used, cd.path) {
					used = append(used, cd.path)
					uses[cd.path]++
				}
			}
		}
	}

	// The rules under each key; keys in the order they first appear, and
	// a prefix cut to the shortest one filed under its path.
	for p := range x.byPath {
		x.byPath[p] = entry{present: -1, escaped: -1, prefixLen: -1}
	}
	ruleKeys := make([][]key, len(rules))
	for i := range rules {
		ruleKeys[i] = keysOf(&rules[i], distinct, uses)
		for _, k := range ruleKeys[i] {
			if e := &x.byPath[k.path]; k.op == opPrefix && (e.prefixLen < 0 || len(k.value) < e.prefixLen) {
				e.prefixLen = len(k.value)
			}
		}
	}
	var keys []key
	filed := map[key][]int{}
	valued := map[int][]int{} // by path, the rules filed under a value of it
	x.always = make([]uint64, x.words)
	for i, ks := range ruleKeys {
		if ks == nil {
			x.always[i>>6] |= 1 << (i & 63)
		}
		for _, k := range ks {
			if k.op == opPrefix {
				k.value = k.value[:x.byPath[k.path].prefixLen]
			}
			if _, ok := filed[k]; !ok {
				keys = append(keys, k)
			}
			filed[k] = append(filed[k], i)
			if k.op != opExists {
				valued[k.path] = append(valued[k.path], i)
			}
		}
	}

	x.sets = make([]uint64, 0, (len(keys)+len(valued))*x.words)
	set := func(rs []int) int32 {
		off := len(x.sets)
		x.sets = append(x.sets, make([]uint64, x.words)...)
		for _, i := range rs {
			x.sets[off+(i>>6)] |= 1 << (i & 63)
		}
		return int32(off)
	}
	for _, k := range keys {
		e := &x.byPath[k.path]
		bit := uint64(1) << (k.path & 63)
		switch k.op {
		case opExists:
			e.present = set(filed[k])
			x.byPresence[k.path>>6] |= bit
		case opEquals, opPrefix:
			x.byValue[k.path>>6] |= bit
			t := &e.equals
			if k.op == opPrefix {
				t = &e.prefixes
			}
			if *t == nil {
				*t = new(table)
			}
			(*t).add(k.value, set(filed[k]))
			if e.escaped < 0 {
				e.escaped = set(valued[k.path])
			}
		}
	}
	return x
}
