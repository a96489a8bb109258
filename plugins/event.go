package plugins

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
)

// Event is an event decoded by a plugin: the JSON document it returned,
// with what the host needs to print it safely.
//
// It marshals to exactly the document, so an Event is printed and
// re-encoded losslessly. The printer shows the members of Document (they
// are inlined: the other fields are metadata and not printed), with the
// values at [Event.SensitivePaths] masked.
type Event struct {
	// Source is the ID of the source that decoded the event.
	Source string `json:"-"`
	// Plugin names the plugin that decoded it: its file's base name.
	Plugin string `json:"-"`
	// JSON is the document as the plugin sent it: a JSON object.
	JSON json.RawMessage `json:"-"`
	// Document is JSON decoded, numbers as [encoding/json.Number].
	Document map[string]any `json:"-" print:"inline"`
	// Sensitive lists the paths in the document of values to mask, as the
	// source declared them.
	Sensitive []string `json:"-"`
}

// newEvent checks that doc is a JSON object and decodes it. The event
// keeps doc, which is the response's own.
func newEvent(source, plugin string, doc []byte, sensitive []string) (*Event, error) {
	m, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	return &Event{Source: source, Plugin: plugin, JSON: doc, Document: m, Sensitive: sensitive}, nil
}

func decodeObject(doc []byte) (map[string]any, error) {
	if t := bytes.TrimLeft(doc, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, errors.New("the document is not a JSON object")
	}
	var m map[string]any
	if err := lossless.Unmarshal(doc, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// MarshalJSON returns the document.
func (e Event) MarshalJSON() ([]byte, error) {
	if e.JSON == nil {
		return []byte("null"), nil
	}
	return e.JSON, nil
}

// UnmarshalJSON sets the document (a JSON object); the other fields are
// left as they are.
func (e *Event) UnmarshalJSON(b []byte) error {
	m, err := decodeObject(b)
	if err != nil {
		return err
	}
	e.JSON, e.Document = slices.Clone(b), m
	return nil
}

// SensitivePaths returns the paths of the values the printer masks, found
// in the document: each path the source declared (Sensitive), its member names matched
// case-insensitively, so "headers.X-Hub-Signature-256" masks
// "X-HUB-SIGNATURE-256" and "x-hub-signature-256" too. The printer's
// default masks ([printer.SensitiveName]: Authorization, Cookie, members
// named like tokens, secrets, passwords, ...) apply to plugin documents as
// to every value, at any depth, on top of these.
//
// The paths name the document's members as they are spelled. A member
// whose name cannot be written in a path (it contains '.', '[' or ']', or
// is "*") is masked with its siblings, by a "*" in its place.
func (e Event) SensitivePaths() []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range e.Sensitive {
		add(p) // as declared, whether or not the document has it
		expand(e.Document, printer.SplitPath(p), nil, add)
	}
	return out
}

// expand adds the paths in v (whose path is at) matching segs, member
// names compared case-insensitively, "*" and "[*]" matching any member or
// element.
func expand(v any, segs, at []string, add func(string)) {
	if len(segs) == 0 {
		add(joinPath(at))
		return
	}
	seg, rest := segs[0], segs[1:]
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if seg == "*" || seg == "[*]" || strings.EqualFold(k, seg) {
				expand(v[k], rest, append(at, name(k)), add)
			}
		}
	case []any:
		for i, e := range v {
			idx := "[" + strconv.Itoa(i) + "]"
			if seg == "*" || seg == "[*]" || seg == idx {
				expand(e, rest, append(at, idx), add)
			}
		}
	}
}

// name is the path segment of the member k: k, or "*" for a name a path
// cannot spell.
func name(k string) string {
	if k == "" || k == "*" || strings.ContainsAny(k, ".[]") {
		return "*"
	}
	return k
}

// joinPath joins segments as the printer reads them: "a", "b", "[0]", "c"
// is "a.b[0].c".
func joinPath(segs []string) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}
