package jsonscan

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// refStrEnd is the plain definition of a string's end: from the opening
// quote at i, a backslash escapes the byte after it, and the first quote
// not escaped closes the string. It returns the index after that quote, or
// -1.
func refStrEnd(d []byte, i int) int {
	for j := i + 1; j < len(d); j++ {
		switch d[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func checkStrEnd(t *testing.T, d []byte, i int) {
	t.Helper()
	want := refStrEnd(d, i)
	if got := SkipStr(d, i); got != want {
		t.Fatalf("SkipStr(%q, %d) = %d, want %d", d, i, got, want)
	}
	s := &Scanner{Data: d, Pos: i}
	s.Str()
	if want < 0 {
		if s.Err == nil || s.Err.Offset != int64(len(d)) || s.Pos != len(d) {
			t.Fatalf("str(%q, %d): pos %d, err %v; want unterminated at %d", d, i, s.Pos, s.Err, len(d))
		}
	} else if s.Err != nil || s.Pos != want {
		t.Fatalf("str(%q, %d): pos %d, err %v; want %d", d, i, s.Pos, s.Err, want)
	}
}

// randString returns random string contents over alphabet, with runs of
// backslashes and quotes, and a density of them that changes along the
// way, so that SkipStr goes through every one of its paths, block
// boundaries included.
func randString(r *rand.Rand, n int) []byte {
	b := make([]byte, 0, n)
	for len(b) < n {
		seg := 1 + r.Intn(300)
		dense := r.Intn(4)
		for k := 0; k < seg && len(b) < n; k++ {
			switch x := r.Intn(16); {
			case dense > 0 && x < 3:
				b = append(b, '\\')
			case dense > 0 && x < 6:
				b = append(b, '"')
			case dense > 1 && x < 8:
				b = append(b, '\\', '\\')
			case x == 8 && r.Intn(8) == 0:
				b = append(b, bytes.Repeat([]byte{'\\'}, 1+r.Intn(70))...)
			case x == 9 && r.Intn(4) == 0:
				b = append(b, '"')
			case x == 10 && r.Intn(4) == 0:
				b = append(b, '\\', '"')
			default:
				b = append(b, "abc \n\x00\xff\x5d\x23{}:,"[r.Intn(13)])
			}
		}
	}
	return b
}

func TestSkipStrRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var size int
		switch r.Intn(4) {
		case 0:
			size = r.Intn(24)
		case 1:
			size = r.Intn(200)
		case 2:
			size = r.Intn(1500)
		default:
			size = r.Intn(6000)
		}
		if n%50 != 0 {
			size = min(size, 300) // most cases short, for speed
		}
		pre := r.Intn(70)
		d := append(bytes.Repeat([]byte{'x'}, pre), '"')
		d = append(d, randString(r, size)...)
		checkStrEnd(t, d, pre)
		// Every tail: an end near the end of the data.
		if n%20 == 0 {
			for cut := pre + 1; cut <= len(d); cut += 1 + r.Intn(9) {
				checkStrEnd(t, d[:cut], pre)
			}
		}
	}
}

// TestSkipStrEncoded checks strings as encoders write them: the end is
// always the end of the encoding.
func TestSkipStrEncoded(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for n := 0; n < 20000; n++ {
		raw := randString(r, r.Intn(2000))
		enc := fmt.Appendf(nil, "%q", raw) // Go quoting: escapes like JSON's for \ and "
		d := append(append([]byte(nil), enc...), `,"x\"y"]`...)
		if got := SkipStr(d, 0); got != len(enc) {
			t.Fatalf("SkipStr(%q) = %d, want %d", d, got, len(enc))
		}
	}
}

func TestSkipStrLongRuns(t *testing.T) {
	// Runs of backslashes of every length across the blocks' boundaries,
	// before a quote, inside strings dense with escaped quotes.
	dense := strings.Repeat(`ab\"cd\"`, 40)
	for pre := 0; pre < 140; pre++ {
		for run := 0; run < 140; run++ {
			body := dense + strings.Repeat("y", pre) + strings.Repeat(`\`, run) + `"` + `zz\"` + `"`
			checkStrEnd(t, []byte(`"`+body+` `), 0)
		}
	}
}

func FuzzSkipStr(f *testing.F) {
	f.Add([]byte(`"abc"`), uint8(0))
	f.Add([]byte(`"a\"b\\"c"`), uint8(0))
	f.Add([]byte(`x"`+strings.Repeat(`{\"k\":\"v\"},`, 30)+`"`), uint8(1))
	f.Add([]byte(`"`+strings.Repeat(`\`, 65)+`""`), uint8(0))
	f.Fuzz(func(t *testing.T, d []byte, at uint8) {
		i := int(at)
		if i >= len(d) {
			return
		}
		d[i] = '"'
		checkStrEnd(t, d, i)
	})
}

func TestSkipWS(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := 0; n < 100000; n++ {
		d := make([]byte, r.Intn(40))
		for i := range d {
			const alpha = " \t\n\r x{!\x00\x1f\xa0"
			d[i] = alpha[r.Intn(len(alpha))]
		}
		i := r.Intn(len(d) + 1)
		want := i
		for want < len(d) && strings.IndexByte(" \t\n\r", d[want]) >= 0 {
			want++
		}
		if got := SkipWS(d, i); got != want {
			t.Fatalf("SkipWS(%q, %d) = %d, want %d", d, i, got, want)
		}
	}
}

// trie builds the path trie of paths as compile does.
func trie(paths ...string) (*Node, int, int) {
	root := NewTrie()
	var ids []string
	for _, p := range paths {
		segs, err := ParsePath(p)
		if err != nil {
			panic(err)
		}
		root.Insert(segs, &ids, p)
	}
	return root, len(ids), root.Finish()
}

var testPaths = []string{
	"Records[0].eventSource", "Records[1].eventSource", "Records[0].body", "Records",
	"kind", "info", "info.version", "[0].info.fieldName", "[2]", `a["b.c"][1][0].d`,
	"requestContext.http.method", "a", "abcdefgh", "abcdefghi", "abcdefgh.abcdefghij", `q"uote`, `back\slash`,
	"abcdefghijklmnop", "abcdefghijklmnopq", "x.abcdefghijklmnopXY", "x.abcdefghijklmnopXZ", "x.abcdefghijklmnopX",
}

// compareScan holds the scanner to refScanner, the scanner before it was
// made fast, on one input: same error at the same offset, or the same
// spans.
func compareScan(t *testing.T, root *Node, npaths, height int, d []byte) {
	t.Helper()
	ref := &refScanner{data: d, spans: make([]Span, npaths)}
	ref.document(root)
	check := func(name string, s *Scanner, spans []Span, present []uint64) {
		t.Helper()
		switch {
		case (ref.err == nil) != (s.Err == nil):
			t.Fatalf("%s: %q: err %v, want %v", name, d, s.Err, ref.err)
		case ref.err != nil && *ref.err != *s.Err:
			t.Fatalf("%s: %q: err %+v, want %+v", name, d, *s.Err, *ref.err)
		case ref.err == nil && !equalSpans(spans, ref.spans[:len(spans)]):
			t.Fatalf("%s: %q: spans %v, want %v", name, d, spans, ref.spans)
		case ref.err == nil && (s.Pos != ref.pos || s.Depth != ref.depth):
			t.Fatalf("%s: %q: pos %d depth %d, want %d %d", name, d, s.Pos, s.Depth, ref.pos, ref.depth)
		}
		if ref.err != nil {
			return
		}
		for p, sp := range ref.spans {
			if got := present[p>>6]&(1<<(p&63)) != 0; got != (sp.End != 0) {
				t.Fatalf("%s: %q: path %d present %v, want %v", name, d, p, got, !got)
			}
		}
	}
	s := NewScanner(npaths, npaths, height)
	s.Reset(d)
	s.Document(root)
	check("pooled", s, s.Spans, s.Present)
	// Skim validates less (on invalid input it may succeed, or fail
	// elsewhere, never panic), and records the same where the scanner
	// accepts the input.
	spans, present := make([]Span, rand.Intn(npaths+1)), make([]uint64, Words(npaths))
	if err := Skim(d, root, spans, present); ref.err == nil {
		check("skim", &Scanner{Err: err, Pos: ref.pos, Depth: ref.depth}, spans, present)
	}
	if height <= StackHeight {
		// As detection uses it: spans of the first paths only, on the stack.
		spans := make([]Span, rand.Intn(npaths+1))
		present := make([]uint64, Words(npaths))
		s := &Scanner{Data: d}
		s.DocumentInto(root, spans, present)
		check("stack", s, spans, present)
	}
	// As the decoders use it: one value, from a depth.
	if len(d) > 0 {
		base := rand.Intn(MaxDepth + 1)
		ref := &refScanner{data: d, depth: base}
		ref.value(nil)
		s := &Scanner{Data: d, Depth: base}
		s.Value(nil)
		switch {
		case (ref.err == nil) != (s.Err == nil):
			t.Fatalf("value: %q from depth %d: err %v, want %v", d, base, s.Err, ref.err)
		case ref.err != nil && *ref.err != *s.Err:
			t.Fatalf("value: %q from depth %d: err %+v, want %+v", d, base, *s.Err, *ref.err)
		case ref.err == nil && (s.Pos != ref.pos || s.Depth != ref.depth):
			t.Fatalf("value: %q: pos %d depth %d, want %d %d", d, s.Pos, s.Depth, ref.pos, ref.depth)
		}
	}
}

func equalSpans(a, b []Span) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// genJSON writes a random JSON value using the names of testPaths, with
// whitespace as pretty printers and people write it.
func genJSON(r *rand.Rand, b *bytes.Buffer, depth int) {
	ws := func() {
		switch r.Intn(6) {
		case 0:
			b.WriteString("\n" + strings.Repeat(" ", r.Intn(20)))
		case 1:
			b.WriteString(strings.Repeat(" ", r.Intn(3)))
		case 2:
			b.WriteString([]string{"\t", "\r\n\t\t", " \n ", "\n" + strings.Repeat(" ", 8+r.Intn(30))}[r.Intn(4)])
		}
	}
	names := []string{"Records", "eventSource", "body", "kind", "info", "version", "fieldName", "a", "b.c", "d",
		"requestContext", "http", "method", "abcdefgh", "abcdefghi", "abcdefghij", "other", "x", `q\"uote`, `back\\slash`,
		`ki\u006ed`, "Rec\\u006frds", "infoo", "inf", "", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopXY",
		"abcdefghijklmnopXZ", "abcdefghijklmnopX", "abcdefghijklmnopYZ", `abcdefghijklmnop\u0058Y`}
	k := r.Intn(10)
	if depth > 6 {
		k = 5 + r.Intn(5)
	}
	switch k {
	case 0, 1, 2:
		b.WriteByte('{')
		ws()
		for m := r.Intn(5); m > 0; m-- {
			fmt.Fprintf(b, `"%s"`, names[r.Intn(len(names))])
			ws()
			b.WriteByte(':')
			ws()
			genJSON(r, b, depth+1)
			ws()
			if m > 1 {
				b.WriteByte(',')
				ws()
			}
		}
		b.WriteByte('}')
	case 3, 4:
		b.WriteByte('[')
		ws()
		for m := r.Intn(5); m > 0; m-- {
			genJSON(r, b, depth+1)
			ws()
			if m > 1 {
				b.WriteByte(',')
				ws()
			}
		}
		b.WriteByte(']')
	case 5, 6:
		b.WriteByte('"')
		b.Write(bytes.ReplaceAll(randString(r, []int{0, 5, 20, 100, 600}[r.Intn(5)]), []byte(`"`), []byte(`\"`)))
		if bytes.HasSuffix(b.Bytes(), []byte(`\`)) && r.Intn(2) == 0 {
			b.WriteByte('\\')
		}
		b.WriteByte('"')
	case 7:
		b.WriteString([]string{"0", "-1", "12.5e+3", "-0.0", "1E9", "123456789", "00", "1.", "-", "1e", "2.5E-"}[r.Intn(11)])
	case 8:
		b.WriteString([]string{"true", "false", "null", "tru", "nul", "fals", "nulll"}[r.Intn(7)])
	default:
		fmt.Fprintf(b, `"%s"`, []string{"aws:sqs", "2", "special-x", `a\"b`, `x\u0041`}[r.Intn(5)])
	}
}

func mutate(r *rand.Rand, d []byte) []byte {
	const junk = "{}[]\",:\\ \n\ttfn0-1.eE+x\x00"
	for k := r.Intn(3); k > 0 && len(d) > 0; k-- {
		i := r.Intn(len(d))
		switch r.Intn(4) {
		case 0:
			d = d[:i]
		case 1:
			d = append(d[:i], d[i+1:]...)
		case 2:
			d = append(d[:i], append([]byte{junk[r.Intn(len(junk))]}, d[i:]...)...)
		default:
			d[i] = junk[r.Intn(len(junk))]
		}
	}
	return d
}

func TestScanMatchesReference(t *testing.T) {
	root, npaths, height := trie(testPaths...)
	if x := root.member([]byte("x")); x == nil || !x.probe {
		t.Fatal("no trie Node with colliding names")
	}
	r := rand.New(rand.NewSource(4))
	var b bytes.Buffer
	for n := 0; n < 100000; n++ {
		b.Reset()
		if r.Intn(4) == 0 {
			b.WriteString(" \n")
		}
		genJSON(r, &b, 0)
		if r.Intn(4) == 0 {
			b.WriteString([]string{"\n", " ", " x", "{}", "  \t\n  "}[r.Intn(5)])
		}
		d := append([]byte(nil), b.Bytes()...)
		if r.Intn(2) == 0 {
			d = mutate(r, d)
		}
		compareScan(t, root, npaths, height, d)
	}
}

// TestScanManyPaths runs a trie of 200 paths, many members of one object
// and of nested ones, as a registry of 150 sources has: present bits past
// the first word, spans of the first paths only.
func TestScanManyPaths(t *testing.T) {
	var paths []string
	for i := range 100 {
		paths = append(paths, fmt.Sprintf("key%d", i), fmt.Sprintf("ctx.k%d.id", i))
	}
	root, npaths, height := trie(paths...)
	r := rand.New(rand.NewSource(5))
	var b bytes.Buffer
	for n := 0; n < 3000; n++ {
		b.Reset()
		b.WriteByte('{')
		for m := r.Intn(12); m >= 0; m-- {
			switch r.Intn(3) {
			case 0:
				fmt.Fprintf(&b, `"key%d": `, r.Intn(120))
			case 1:
				fmt.Fprintf(&b, `"ctx": {"k%d": {"id": `, r.Intn(120))
				genJSON(r, &b, 5)
				b.WriteString(`}}, "other": `)
			default:
				b.WriteString(`"other": `)
			}
			genJSON(r, &b, 4)
			b.WriteByte(',')
		}
		b.WriteString(`"last": null}`)
		compareScan(t, root, npaths, height, b.Bytes())
	}
}

func TestScanDeep(t *testing.T) {
	root, npaths, height := trie(testPaths...)
	for _, n := range []int{255, 256, 257, 1023, 1024, 1025, 5000, 9999, 10000, 10001, 20000} {
		for _, open := range []string{"[", `{"a":`, `{"Records":[`} {
			closing := map[string]string{"[": "]", `{"a":`: "}", `{"Records":[`: "]}"}[open]
			d := strings.Repeat(open, n) + "1" + strings.Repeat(closing, n)
			compareScan(t, root, npaths, height, []byte(d))
			compareScan(t, root, npaths, height, []byte(d[:len(d)-1]))
			compareScan(t, root, npaths, height, []byte(strings.Repeat(open, n)+"]"+strings.Repeat(closing, n)))
		}
	}
}

// TestScanTallTrie runs a trie taller than the scanner's own frames.
func TestScanTallTrie(t *testing.T) {
	path := strings.Repeat("a.", 12) + "b"
	root, npaths, height := trie(path, "a.a[1].c")
	if height <= StackHeight {
		t.Fatalf("height %d", height)
	}
	d := strings.Repeat(`{"a":`, 12) + `{"b":[true]}` + strings.Repeat("}", 12)
	compareScan(t, root, npaths, height, []byte(d))
	s := NewScanner(npaths, npaths, height)
	s.Reset([]byte(d))
	s.Document(root)
	if s.Err != nil || s.Spans[0] == (Span{}) {
		t.Fatalf("err %v, spans %v", s.Err, s.Spans)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{`{"Records":[{"eventSource":"aws:sqs"}]}`, `[{"info":{"fieldName":"x"}}]`,
		`{"kind":"a\"b"}`, `{"a":[1,-2.5e3,true,null]}`, `"x"`, `{`, "{\n  \"info\" : {\"version\": 2 }\n}"} {
		f.Add([]byte(s))
	}
	root, npaths, height := trie(testPaths...)
	f.Fuzz(func(t *testing.T, d []byte) {
		compareScan(t, root, npaths, height, d)
	})
}

// TestChild finds every name of a trie's nodes, colliding ones included,
// through Child, and no other.
func TestChild(t *testing.T) {
	var paths []string
	for i := range 100 {
		paths = append(paths, fmt.Sprintf("key%d", i))
	}
	for _, ps := range [][]string{testPaths, paths} {
		root, _, _ := trie(ps...)
		var check func(n *Node)
		check = func(n *Node) {
			for i, name := range n.Names() {
				if got := n.Child(name); got != n.Children()[i] {
					t.Fatalf("Child(%q) = %p, want %p", name, got, n.Children()[i])
				}
				for _, other := range []string{name + "x", "x" + name, name[:len(name)/2], ""} {
					if !slices.Contains(n.Names(), other) && n.Child(other) != nil {
						t.Fatalf("Child(%q) found a node", other)
					}
				}
				check(n.Children()[i])
			}
			for _, c := range n.Elems() {
				if c != nil {
					check(c)
				}
			}
		}
		check(root)
	}
}
