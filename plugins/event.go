package plugins

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"

	"github.com/evplugin/evplugin/lossless"
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

// newEvent checks that doc is a JSON object and decodes it.
func newEvent(source, plugin string, doc []byte, sensitive []string) (*Event, error) {
	m, err := decodeObject(doc)
	if err != nil {
		return nil, err
	}
	return &Event{Source: source, Plugin: plugin, JSON: slices.Clone(doc), Document: m, Sensitive: sensitive}, nil
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

// SensitivePaths returns the paths of the values the printer masks.
func (e Event) SensitivePaths() []string { return e.Sensitive }
