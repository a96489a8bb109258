package printer_test

import (
	"math"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
)

// big has a raw field and derived values as large as it is told.
type big struct {
	Raw  string `json:"raw"`
	n    int
	seen *int // the limit DeriveWithin was given
}

func (b big) Derived() []printer.Derived {
	return []printer.Derived{
		printer.DeriveWithin("Within", b.Within),
		printer.Derive("List", b.List),
		printer.Derive("Text", b.Text),
		printer.Derive("Map", b.Map),
	}
}

func (b big) List() ([]int, error) {
	l := make([]int, b.n)
	for i := range l {
		l[i] = i
	}
	return l, nil
}

func (b big) Text() (string, error) { return strings.Repeat("é", b.n), nil }

func (b big) Map() (map[string]int, error) {
	m := map[string]int{}
	for i := range b.n {
		m["k"+strconv.Itoa(100000+i)] = i
	}
	return m, nil
}

// Within decodes only what fits: one element a byte of the limit.
func (b big) Within(limit int) (printer.Cut[string], error) {
	if b.seen != nil {
		*b.seen = limit
	}
	shown := min(limit, b.n)
	return printer.Cut[string]{Items: make([]string, shown), More: b.n - shown, Noun: "things"}, nil
}

var more = regexp.MustCompile(`\[… ([0-9,]+) more (\w+)\]`)

// left returns how many of what the markers of out say they left out.
func left(t *testing.T, out string) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, m := range more.FindAllStringSubmatch(out, -1) {
		c, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		require.NoError(t, err)
		n[m[2]] += c
	}
	return n
}

func TestBudgetCutsDerivedValues(t *testing.T) {
	var seen int
	v := big{Raw: strings.Repeat("r", 50_000), n: 20_000, seen: &seen}
	out := printer.Sprint(v, printer.Budget(1000))
	assert.Contains(t, out, `"raw": "`+v.Raw+`"`, "raw fields print whole")
	assert.Less(t, len(out), 50_000+3000)
	assert.Equal(t, 1000, seen, "DeriveWithin is given the budget")

	// What is left out is said, and adds up: Within takes the budget, and
	// the others, after it, print their markers alone.
	n := left(t, out)
	shown := strings.Count(out, "\n    \"\",")
	assert.Greater(t, shown, 10)
	assert.Equal(t, v.n, n["things"]+shown, out)
	assert.Equal(t, map[string]int{"things": v.n - shown, "elements": v.n, "members": v.n}, n)
	assert.Contains(t, out, `"Text()": "`+strings.Repeat("é", 32)+`… [39,936 more bytes]"`, "a string shows 64 bytes at least")

	// Budget(0) shows markers alone; Unbounded shows everything.
	out = printer.Sprint(big{n: 3}, printer.Budget(0))
	assert.Equal(t, `{
  "Within()": [
    "[… 3 more things]"
  ],
  "List()": [
    "[… 3 more elements]"
  ],
  "Text()": "ééé",
  "Map()": {
    "…": "[… 3 more members]"
  }
}
`, out)
	out = printer.Sprint(v, printer.Unbounded())
	assert.Empty(t, left(t, out))
	assert.Equal(t, math.MaxInt, seen)
	assert.Contains(t, out, strings.Repeat("é", v.n))
	assert.Contains(t, out, `"k119999": 19999`)
}

// text shows itself as a derived value.
type text struct{ s string }

func (x text) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Text", func() (string, error) { return x.s, nil })}
}

func TestBudgetCutsStringsOnRuneBoundaries(t *testing.T) {
	v := text{strings.Repeat("é", 100)}
	out := printer.Sprint([]text{v}, printer.Budget(101)) // 101 bytes: in the middle of an é
	assert.Contains(t, out, `"Text()": "`+strings.Repeat("é", 50)+`… [100 more bytes]"`)
	out = printer.Sprint([]text{v}, printer.Budget(102))
	assert.Contains(t, out, `"Text()": "`+strings.Repeat("é", 51)+`… [98 more bytes]"`)
	out = printer.Sprint([]text{v}, printer.Budget(200))
	assert.Contains(t, out, `"Text()": "`+v.s+`"`)
}

func TestBudgetIsSharedByDerivedValues(t *testing.T) {
	list := make([]big, 10)
	for i := range list {
		list[i] = big{n: 1000}
	}
	out := printer.Sprint(list, printer.Budget(20_000))
	assert.Less(t, len(out), 40_000)
	assert.Equal(t, 10*1000, left(t, out)["members"]+strings.Count(out, `"k1`))
}

func TestDefaultBudget(t *testing.T) {
	out := printer.Sprint(big{n: 1 << 18})
	assert.Less(t, len(out), 2*printer.DefaultBudget)
	assert.Greater(t, len(out), printer.DefaultBudget/2)

	// Printing a derived value of a million elements allocates in
	// proportion to the budget, not to the value (unbounded, about 200 MB).
	list := make([]int, 1<<20)
	w := derivedList{list}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out = printer.Sprint(w)
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(32<<20))
	assert.True(t, strings.HasSuffix(out, " more elements]\"\n  ]\n}\n"), out[len(out)-100:])
	assert.Equal(t, len(list), left(t, out)["elements"]+strings.Count(out, "\n    0"))
}

// derivedList shows a list it holds as a derived value.
type derivedList struct{ list []int }

func (d derivedList) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("All", func() ([]int, error) { return d.list, nil })}
}

func TestCut(t *testing.T) {
	c := printer.Cut[int]{Items: []int{1, 2}, More: 1234, Noun: "log events"}
	assert.Equal(t, "[\n  1,\n  2,\n  \"[… 1,234 more log events]\"\n]\n", printer.Sprint(c))
	assert.Equal(t, "[\n  1,\n  2,\n  \"[… 1,234 more log events]\"\n]\n", printer.Sprint(&c))
	assert.Equal(t, "[\n  \"[… 5 more elements]\"\n]\n", printer.Sprint(printer.Cut[int]{More: 5}))
	assert.Equal(t, "[\n  1\n]\n", printer.Sprint(printer.Cut[int]{Items: []int{1}}))
}

type inner struct {
	A string `json:"a"`
	B string `json:"b"`
}

type outer struct {
	inner
	B int `json:"b"`
}

func TestShallowerFieldHidesEmbedded(t *testing.T) {
	assert.Equal(t, "{\n  \"a\": \"x\",\n  \"b\": 2\n}\n", printer.Sprint(outer{inner{"x", "hidden"}, 2}))
	assert.Equal(t, "{\n  \"a\": \"\",\n  \"b\": 0\n}\n", printer.Sprint(outer{}, printer.WithZero()))
}

func TestDeepNestingPrintsLinearly(t *testing.T) {
	const depth = 10_000
	var deep any = "leaf"
	for range depth {
		deep = map[string]any{"k": []any{deep}}
	}
	out := printer.Sprint(deep, printer.MaxDepth(3*depth))
	assert.Contains(t, out, "leaf")
	// Two lines a level each way, none indented beyond 64 levels.
	assert.Less(t, len(out), 4*depth*(64*2+10))
	for _, line := range strings.Split(out, "\n") {
		require.LessOrEqual(t, len(line)-len(strings.TrimLeft(line, " ")), 128)
	}
}
