package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// The path trie: every rule's paths compiled into one tree, whose member
// names are found by a hash of their first bytes.

// Node is one step of the path trie compiled from every rule's paths.
type Node struct {
	names    []string // member names that lead somewhere
	children []*Node  // parallel to names
	elems    []*Node  // elems[i] is the Node for array index i, or nil
	path     int      // the path ending here, or -1

	// Set by finish: a hash table of the names, keyed by their length and
	// first sixteen bytes, so that a lookup rarely compares strings. The
	// seed is chosen so that names do not collide, unless some share their
	// length and first sixteen bytes, or they are too many for a small
	// table without collisions: then probe is set.
	table  []slot // a power of two long
	seed   uint64
	shift  uint   // 64 - log2(len(table))
	probe  bool   // look further than the first slot
	filter uint64 // the nameBit of each name
}

// nameBit picks a bit of a Node's filter by a name's length and first
// byte (the low byte of pre, its first eight bytes).
func nameBit(pre uint64, length int) uint64 {
	return 1 << ((pre + uint64(length)*13) & 63)
}

type slot struct {
	pre0, pre1 uint64 // the first sixteen bytes of the name, zero padded
	len        int32  // of the name; -1 for an empty slot
	idx        int32  // of the name in names and children
}

// member finds the child of a member name by comparing strings; compile
// uses it, and the scanner for the rare name holding escapes.
func (n *Node) member(name []byte) *Node {
	for i, k := range n.names {
		if len(k) == len(name) && k == string(name) {
			return n.children[i]
		}
	}
	return nil
}

// insert adds a path to the trie and returns its ID.
func (n *Node) Insert(segs []Step, paths *[]string, text string) int {
	cur := n
	for _, s := range segs {
		var next *Node
		if s.Index >= 0 {
			for len(cur.elems) <= s.Index {
				cur.elems = append(cur.elems, nil)
			}
			if cur.elems[s.Index] == nil {
				cur.elems[s.Index] = &Node{path: -1}
			}
			next = cur.elems[s.Index]
		} else {
			if next = cur.member([]byte(s.Key)); next == nil {
				next = &Node{path: -1}
				cur.names = append(cur.names, s.Key)
				cur.children = append(cur.children, next)
			}
		}
		cur = next
	}
	if cur.path < 0 {
		cur.path = len(*paths)
		*paths = append(*paths, text)
	}
	return cur.path
}

// finish builds the lookup tables of n and its descendants, once every
// path is inserted, and returns the height of the trie below n (0 for a
// leaf).
func (n *Node) Finish() int {
	h := 0
	for _, c := range n.children {
		h = max(h, c.Finish()+1)
	}
	for _, c := range n.elems {
		if c != nil {
			h = max(h, c.Finish()+1)
		}
	}
	n.table, n.filter, n.probe = nil, 0, false
	if len(n.names) == 0 {
		return h
	}
	keys := make([][2]uint64, len(n.names))
	for i, name := range n.names {
		for j := 0; j < len(name) && j < 16; j++ {
			keys[i][j/8] |= uint64(name[j]) << (8 * (j % 8))
		}
		n.filter |= nameBit(keys[i][0], len(name))
	}
	// A seed without collisions, in a table of two to eight times the
	// names; or else, in one of four to eight times, the seed with the
	// fewest, and probing. The smaller the table, the likelier a lookup
	// finds it in the processor's cache: most names looked up are not in
	// it, so each lookup loads a slot.
	size := 4
	for size < 2*len(n.names) {
		size *= 2
	}
	limit := 8 * max(len(n.names), 4)
	used := make([]bool, limit)
	// collisions counts the names that do not find their first slot free.
	collisions := func(size int, seed uint64, stop int) int {
		shift := uint(64 - bits.TrailingZeros(uint(size)))
		clear(used[:size])
		c := 0
		for i, name := range n.names {
			k := nameHash(keys[i][0], keys[i][1], len(name), seed) >> shift
			if used[k] {
				if c++; c > stop {
					break
				}
			}
			used[k] = true
		}
		return c
	}
	seedOf := func(try uint64) uint64 { return (try*0x9E3779B97F4A7C15)>>1 | 1 }
	seed := uint64(0)
search:
	for ; size <= limit; size *= 2 {
		for try := uint64(1); try <= 64; try++ {
			if collisions(size, seedOf(try), 0) == 0 {
				seed = seedOf(try)
				break search
			}
		}
	}
	if size > limit {
		size, n.probe = 4, true
		for size < 4*len(n.names) {
			size *= 2
		}
		best := len(n.names) + 1
		for try := uint64(1); try <= 64; try++ {
			if c := collisions(size, seedOf(try), best); c < best {
				seed, best = seedOf(try), c
			}
		}
	}
	n.seed, n.shift = seed, uint(64-bits.TrailingZeros(uint(size)))
	n.table = make([]slot, size)
	for i := range n.table {
		n.table[i].len = -1
	}
	for i, name := range n.names {
		for k := nameHash(keys[i][0], keys[i][1], len(name), n.seed) >> n.shift; ; k = (k + 1) & uint64(size-1) {
			if n.table[k].len < 0 {
				n.table[k] = slot{pre0: keys[i][0], pre1: keys[i][1], len: int32(len(name)), idx: int32(i)}
				break
			}
		}
	}
	return h
}

func nameHash(pre0, pre1 uint64, length int, seed uint64) uint64 {
	return (pre0 ^ bits.RotateLeft64(pre1, 29) ^ uint64(length)) * seed
}

// lookup finds the child of the member name d[a:b], which holds no
// escape.
func (n *Node) lookup(d []byte, a, b int) *Node {
	l := b - a
	var pre0, pre1 uint64
	if a+16 <= len(d) {
		pre0 = Load64(d, a)
		pre1 = Load64(d, a+8)
		if l < 16 {
			pre1 &= ^uint64(0) >> (128 - 8*uint(max(l, 8)))
			if l < 8 {
				pre0 &= ^uint64(0) >> (64 - 8*uint(l))
			}
		}
	} else {
		for j := 0; j < l && j < 16; j++ {
			if j < 8 {
				pre0 |= uint64(d[a+j]) << (8 * j)
			} else {
				pre1 |= uint64(d[a+j]) << (8 * (j - 8))
			}
		}
	}
	return n.lookupKey(pre0, pre1, l, d, a)
}

// lookupKey finds the child of the member name of length l at d[a:] whose
// first sixteen bytes, zero padded, are pre0 and pre1.
func (n *Node) lookupKey(pre0, pre1 uint64, l int, d []byte, a int) *Node {
	s := &n.table[nameHash(pre0, pre1, l, n.seed)>>n.shift]
	if s.pre0 == pre0 && s.pre1 == pre1 && int(s.len) == l && (l <= 16 || n.names[s.idx][16:] == string(d[a+16:a+l])) {
		return n.children[s.idx]
	}
	if n.probe && s.len >= 0 {
		return n.lookupProbe(pre0, pre1, l, d, a)
	}
	return nil
}

// lookupProbe is lookupKey for a table where names collide.
func (n *Node) lookupProbe(pre0, pre1 uint64, l int, d []byte, a int) *Node {
	mask := uint64(len(n.table) - 1)
	for k := nameHash(pre0, pre1, l, n.seed) >> n.shift; ; k = (k + 1) & mask {
		s := &n.table[k]
		if s.len < 0 {
			return nil
		}
		if s.pre0 == pre0 && s.pre1 == pre1 && int(s.len) == l && (l <= 16 || n.names[s.idx][16:] == string(d[a+16:a+l])) {
			return n.children[s.idx]
		}
	}
}

// elem returns the child for array index i, or nil.
func (n *Node) elem(i int) *Node {
	if i < len(n.elems) {
		return n.elems[i]
	}
	return nil
}

// Load64 reads the eight bytes of d at i, little endian. Callers check
// that they are there, before len(d).
func Load64(d []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(d[i : i+8])
}

// NewTrie returns the root of an empty path trie.
func NewTrie() *Node { return &Node{path: -1} }

// SpanEscaped reports whether raw[a:a+l] holds a backslash; short ones
// are tested in two words.
func SpanEscaped(raw []byte, a, l int) bool {
	if l <= 16 && a+16 <= len(raw) {
		w0 := Load64(raw, a) ^ bslashWord
		w1 := Load64(raw, a+8) ^ bslashWord
		keep := &first16[l]
		return ((w0-lsb)&^w0&keep[0]|(w1-lsb)&^w1&keep[1])&msb != 0
	}
	return HasBackslash(raw[a : a+l])
}

// Path returns the ID of the path that ends at n, or -1.
func (n *Node) Path() int { return n.path }

// Names returns the member names that lead from n to a path, and Children
// the Node of each, for walking decoded JSON along the trie.
func (n *Node) Names() []string { return n.names }

// Children returns the Node of each of Names.
func (n *Node) Children() []*Node { return n.children }

// Elems returns the Node of each array index that leads to a path, or nil
// for those that do not.
func (n *Node) Elems() []*Node { return n.elems }

// Child returns the Node of the member name, or nil, through the hash
// table of the names.
func (n *Node) Child(name string) *Node {
	if len(n.table) == 0 {
		return nil
	}
	var pre0, pre1 uint64
	for j := 0; j < len(name) && j < 16; j++ {
		if j < 8 {
			pre0 |= uint64(name[j]) << (8 * j)
		} else {
			pre1 |= uint64(name[j]) << (8 * (j - 8))
		}
	}
	mask := uint64(len(n.table) - 1)
	for k := nameHash(pre0, pre1, len(name), n.seed) >> n.shift; ; k = (k + 1) & mask {
		s := &n.table[k]
		if s.len < 0 {
			return nil
		}
		if s.pre0 == pre0 && s.pre1 == pre1 && int(s.len) == len(name) && n.names[s.idx] == name {
			return n.children[s.idx]
		}
		if !n.probe {
			return nil
		}
	}
}
