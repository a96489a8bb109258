package printer

import (
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// DefaultBudget is how many bytes derived values print, in all, in one call
// of [Fprint] unless [Budget] or [Unbounded] says otherwise: 1 MiB.
const DefaultBudget = 1 << 20

// maxIndentLevel is the deepest level indented (the default depth limit):
// deeper values print at that indentation, so that the output of deep
// nesting stays linear in its depth.
const maxIndentLevel = 64

// Budget sets how many bytes of output derived values may take, in all,
// within one call (default [DefaultBudget]); see the package doc. With zero
// or less, derived lists and maps print their markers alone and strings
// their first 64 bytes.
func Budget(n int) Option { return func(c *config) { c.budget = max(n, 0) } }

// Unbounded lifts the budget: derived values print whole, however large.
func Unbounded() Option { return func(c *config) { c.budget = -1 } }

// Cut is a list shown in part: its Items, then, when More is not zero, the
// element "[… More more Noun]" (Noun "elements" when empty). A derived value
// decoded within the budget its function is given (see [DeriveWithin])
// returns one to say how much it left out.
type Cut[T any] struct {
	Items []T
	More  int
	Noun  string
}

func (c Cut[T]) cut() (items reflect.Value, more int, noun string) {
	return reflect.ValueOf(c.Items), c.More, c.Noun
}

// cutter is implemented by every Cut.
type cutter interface {
	cut() (items reflect.Value, more int, noun string)
}

var cutterType = reflect.TypeFor[cutter]()

// walk renders v; within a derived value it counts what v prints against
// the budget.
func (p *walker) walk(v reflect.Value, depth int) *tree {
	if v.IsValid() && v.Kind() == reflect.Struct && v.Type().Implements(cutterType) && v.CanInterface() && depth <= p.cfg.maxDepth {
		items, more, noun := v.Interface().(cutter).cut()
		return p.list(items, depth, more, noun)
	}
	t := p.walkValue(v, depth)
	if p.bounded {
		// A line: its indentation, a comma and a line break; then the
		// literal, or the brackets (the closing one on a line of its own).
		line := min(depth, maxIndentLevel)*len(p.cfg.indent) + 2
		if t.kind == 'l' {
			p.spend(line + len(t.lit))
		} else {
			p.spend(2*line + 2)
		}
	}
	return t
}

// list renders the elements of the slice or array v within the budget, then
// a marker naming how many it left out, more of them having been left out
// before.
func (p *walker) list(v reflect.Value, depth, more int, noun string) *tree {
	t := &tree{kind: '['}
	n := 0
	if v.IsValid() {
		n = v.Len()
	}
	for i := range n {
		if p.spent() {
			more += n - i
			break
		}
		t.vals = append(t.vals, p.walk(v.Index(i), depth+1))
	}
	if more > 0 {
		if noun == "" {
			noun = "elements"
		}
		t.vals = append(t.vals, str("[… "+thousands(more)+" more "+noun+"]"))
	}
	return t
}

// member reports whether a member keyed k fits in the budget, spending
// what its key takes; when it does not, it adds to t the member "…" that
// says how many (left) were left out, and reports false.
func (p *walker) member(t *tree, k string, left int) bool {
	if p.spent() {
		t.keys = append(t.keys, "…")
		t.vals = append(t.vals, str("[… "+thousands(left)+" more members]"))
		return false
	}
	p.spend(len(k) + 4)
	return true
}

// minText is how much of a string the budget always shows.
const minText = 64

// text renders s, cut to what is left of the budget within a derived value,
// but never to less than minText bytes: a cut string ends "… [N more
// bytes]".
func (p *walker) text(s string) *tree {
	if !p.cfg.nomasks {
		s = MaskText(s)
	}
	n := max(p.left, minText)
	if !p.bounded || len(s) <= n {
		return str(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return str(s[:n] + "… [" + thousands(len(s)-n) + " more bytes]")
}

// limit is what f of a [DeriveWithin] is given: the bytes left in the
// budget, math.MaxInt when there is none.
func (p *walker) limit() int {
	if p.cfg.budget < 0 {
		return math.MaxInt
	}
	return max(p.left, 0)
}

func (p *walker) spend(n int) {
	if p.bounded {
		p.left -= n
	}
}

func (p *walker) spent() bool { return p.bounded && p.left <= 0 }

// thousands formats n with commas: 51234 is "51,234".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
