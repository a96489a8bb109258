package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Op is the test a [Cond] applies to the value at its path.
type Op string

// The operators a [Cond] may use. Equals, Prefix and Contains compare the
// string content of a JSON string (escapes decoded); for any other JSON value
// they compare its literal text, so Equals "true" matches the boolean true and
// Equals "2" matches the number 2.
const (
	Exists   Op = "exists"   // the path is present (any value, null included)
	Absent   Op = "absent"   // the path is not present
	Equals   Op = "equals"   // the value equals Value
	Prefix   Op = "prefix"   // the value starts with Value
	Contains Op = "contains" // the value contains Value
)

// Cond is one condition of a [Rule]: an operator applied to the value found at
// a JSON path.
//
// Paths name object members with dots and array elements with indexes:
// `Records[0].eventSource`, `[0].info.fieldName`, `headers.X-GitHub-Event`.
// A member name holding '.', '[' or ']' is written as a quoted JSON string in
// brackets: `detail["a.b"]`.
type Cond struct {
	Path  string `json:"path"`
	Op    Op     `json:"op"`
	Value string `json:"value,omitempty"`
}

// Rule is the declarative discriminator of a source: every condition of All
// holds, and when Any is not empty at least one condition of Any holds.
// Rules are plain data: they marshal to JSON and back, which is how plugins
// ship them to the host.
type Rule struct {
	All []Cond `json:"all"`
	Any []Cond `json:"any,omitempty"`
}

// String renders the rule in one line, as `evplugin sources` prints it.
func (r Rule) String() string {
	var b strings.Builder
	for i, c := range r.All {
		if i > 0 {
			b.WriteString(" && ")
		}
		b.WriteString(c.String())
	}
	if len(r.Any) > 0 {
		if len(r.All) > 0 {
			b.WriteString(" && ")
		}
		b.WriteString("(")
		for i, c := range r.Any {
			if i > 0 {
				b.WriteString(" || ")
			}
			b.WriteString(c.String())
		}
		b.WriteString(")")
	}
	return b.String()
}

// String renders the condition as `path op "value"`.
func (c Cond) String() string {
	switch c.Op {
	case Exists, Absent:
		return c.Path + " " + string(c.Op)
	}
	return c.Path + " " + string(c.Op) + " " + strconv.Quote(c.Value)
}

// ParseRule decodes a rule from its JSON form and validates it.
func ParseRule(data []byte) (Rule, error) {
	var r Rule
	if err := json.Unmarshal(data, &r); err != nil {
		return Rule{}, fmt.Errorf("registry: rule: %w", err)
	}
	return r, r.Validate()
}

// Validate reports whether the rule can be evaluated: at least one
// condition, known operators, and paths that parse.
func (r Rule) Validate() error {
	if len(r.All) == 0 && len(r.Any) == 0 {
		return errors.New("registry: rule has no conditions")
	}
	for _, c := range append(r.All[:len(r.All):len(r.All)], r.Any...) {
		switch c.Op {
		case Exists, Absent, Equals, Prefix, Contains:
		default:
			return fmt.Errorf("registry: rule: unknown op %q on %s", c.Op, c.Path)
		}
		if _, err := parsePath(c.Path); err != nil {
			return err
		}
	}
	return nil
}

// segment is one step of a path: a member name, or an array index when key
// is empty and index >= 0.
type segment struct {
	key   string
	index int
}

func (s segment) String() string {
	if s.index >= 0 {
		return "[" + strconv.Itoa(s.index) + "]"
	}
	return s.key
}

// parsePath splits a path into segments.
func parsePath(p string) ([]segment, error) {
	bad := func(why string) error { return fmt.Errorf("registry: path %q: %s", p, why) }
	if p == "" {
		return nil, bad("empty")
	}
	var segs []segment
	for i := 0; i < len(p); {
		switch p[i] {
		case '.':
			if i == 0 || i == len(p)-1 || p[i+1] == '.' || p[i+1] == '[' {
				return nil, bad("misplaced '.'")
			}
			i++
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if i+1 < len(p) && p[i+1] == '"' {
				// A quoted member name: find the closing quote, then ']'.
				q := i + 2
				for q < len(p) && p[q] != '"' {
					if p[q] == '\\' {
						q++
					}
					q++
				}
				if q+1 >= len(p) || p[q+1] != ']' {
					return nil, bad("unterminated quoted name")
				}
				var key string
				if err := json.Unmarshal([]byte(p[i+1:q+1]), &key); err != nil {
					return nil, bad("invalid quoted name")
				}
				segs = append(segs, segment{key: key, index: -1})
				i = q + 2
				continue
			}
			if end < 0 {
				return nil, bad("unterminated '['")
			}
			n, err := strconv.Atoi(p[i+1 : i+end])
			if err != nil || n < 0 || p[i+1] == '+' {
				return nil, bad("index must be a non-negative integer")
			}
			segs = append(segs, segment{index: n})
			i += end + 1
		case ']':
			return nil, bad("unexpected ']'")
		default:
			if i > 0 && p[i-1] != '.' {
				return nil, bad("missing '.' before member name")
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' && p[j] != ']' {
				j++
			}
			segs = append(segs, segment{key: p[i:j], index: -1})
			i = j
		}
	}
	return segs, nil
}
