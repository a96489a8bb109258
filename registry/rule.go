package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
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

// parsePath splits a path into steps.
func parsePath(p string) ([]jsonscan.Step, error) { return jsonscan.ParsePath(p) }
