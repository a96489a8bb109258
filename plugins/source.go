package plugins

import (
	"encoding/json"

	"github.com/evplugin/evplugin/registry"
)

// Source is one source a plugin provides, as its author declares it for
// server.Serve (package github.com/evplugin/evplugin/plugins/server). The
// host checks it when it opens the plugin: the ID must be free and outside
// the reserved "aws." namespace, and the rule valid.
type Source struct {
	// ID names the source, lower case and dot separated
	// ("github.webhook"); "aws." is reserved for built-in sources.
	ID string
	// Title says what sends the event, in a few words.
	Title string
	// Rule decides, in the host, whether an event belongs to the source.
	Rule registry.Rule
	// Priority orders matching rules: the highest wins. A plugin refining a
	// built-in source uses sources.PriorityPlugin (1000).
	Priority int
	// SensitivePaths are paths, in the decoded document, of values the
	// host masks when it prints: dot-separated names, [n] for array
	// elements, * for any ("headers.Authorization"). Names match whatever
	// their case ("headers.X-Api-Key" masks "x-api-key" too). They add to
	// the host's default masks (see [Event.SensitivePaths]).
	SensitivePaths []string
	// Samples are example events of the source.
	Samples []json.RawMessage
	// Decode decodes a raw event of this source into a JSON object. It may
	// add derived members (a parsed body, a verified signature). A panic is
	// recovered and reported to the host as a decode error.
	Decode func(raw []byte) (json.RawMessage, error)
}
