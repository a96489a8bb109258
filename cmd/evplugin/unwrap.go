package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources"
)

// --unwrap shows the payloads an event carries at every level
// (sources.Unwrap, with the run's registry, plugins included) as chains:
// the event's ID, then for each payload " > " the path where it lies in
// the payload carrying it, ": " and its ID (see sources.Chain),
//
//	aws.sqs > Records[2].body: aws.sns.envelope > Message: aws.s3
//
// A payload no source detects is "json".

// unwrapFlag is the help of --unwrap for each command.
var unwrapFlag = map[string]string{
	"detect": `print the chain of IDs to each payload the event carries ("aws.sqs > Records[0].body: aws.sns.envelope > Message: aws.s3"), one line per chain`,
	"decode": `print {"id", "event", "nested": [{"path": [...], "id", "event"}]}: the event and the payloads it carries at every level`,
	"print":  `after the event, print each payload it carries at every level under a line "# CHAIN" (see detect --unwrap)`,
}

// chains returns the chain of every payload in ns that carries none, or
// the root ID alone when there is no payload.
func chains(root string, ns []sources.Nested) []string {
	leaf := make([]bool, len(ns))
	for i := range ns {
		leaf[i] = true
		if p := ns[i].Parent; p >= 0 {
			leaf[p] = false
		}
	}
	var out []string
	for i := range ns {
		if leaf[i] {
			out = append(out, chain(root, ns, i))
		}
	}
	if len(out) == 0 {
		out = []string{root}
	}
	return out
}

// chain returns the chain from the root, of ID root, to ns[i].
func chain(root string, ns []sources.Nested, i int) string {
	return root + " > " + sources.Chain(ns, i)
}

// paths returns the paths from the root to ns[i], one per level.
func paths(ns []sources.Nested, i int) []string {
	out := make([]string, ns[i].Depth)
	for ; i >= 0; i = ns[i].Parent {
		out[ns[i].Depth-1] = ns[i].Path
	}
	return out
}

// unwrap returns the payloads v carries.
func (c *cli) unwrap(v any) []sources.Nested {
	return sources.Unwrap(v, sources.UnwrapOptions{Registry: c.reg})
}

// unwrappedChains decodes the event data, of source id, and returns the
// chains of the payloads it carries (its ID alone when it carries none).
func (c *cli) unwrappedChains(id string, data []byte) ([]string, error) {
	v, err := c.reg.DecodeAs(id, data)
	if err != nil {
		return nil, err
	}
	return chains(id, c.unwrap(v)), nil
}

// renderUnwrapped renders v, an event of source id, and the payloads it
// carries, for decode or print (cmd).
func (c *cli) renderUnwrapped(cmd, id string, v any, opts ...printer.Option) ([]byte, error) {
	ns := c.unwrap(v)
	if cmd != "print" {
		return c.decodeNested(id, v, ns)
	}
	var b bytes.Buffer
	err := printer.Fprint(&b, v, opts...)
	for i, n := range ns {
		if err == nil {
			_, err = fmt.Fprintf(&b, "# %s\n", chain(id, ns, i))
		}
		if err == nil {
			err = printer.Fprint(&b, n.Value, opts...)
		}
	}
	return b.Bytes(), err
}

// decoded is the output of decode --unwrap.
type decoded struct {
	ID     string          `json:"id"`
	Event  any             `json:"event"`
	Nested []decodedNested `json:"nested"`
}

// decodedNested is a payload in the output of decode --unwrap: the paths
// from the event to it, one per level.
type decodedNested struct {
	Path  []string `json:"path"`
	ID    string   `json:"id"`
	Event any      `json:"event"`
}

func (c *cli) decodeNested(id string, v any, ns []sources.Nested) ([]byte, error) {
	out := decoded{ID: id, Event: v, Nested: make([]decodedNested, len(ns))}
	for i, n := range ns {
		out.Nested[i] = decodedNested{Path: paths(ns, i), ID: cmp.Or(n.ID, sources.PlainJSON), Event: n.Value}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return append(indent(b, "  ", maxIndent), '\n'), nil
}
