package printer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/printer"
)

type leaves struct {
	Context map[string]any `json:"context"`
	Plain   string         `json:"plain"`
	Query   string         `json:"query"`
}

func (leaves) SensitivePaths() []string { return []string{"context.**", "plain.**"} }

func (l leaves) Redacted() map[string]string {
	return map[string]string{"query": "code=[SENSITIVE]&x=1", "plain": "never shown"}
}

// A path ending in ** masks every value below it, keeping names and list
// lengths; a Redactor replaces a value with its text, and masks win.
func TestLeavesAndRedactions(t *testing.T) {
	v := leaves{
		Context: map[string]any{"claims": map[string]any{"sub": "CANARY-1", "n": 2.0}, "list": []any{"CANARY-2", true}, "user": "CANARY-3"},
		Plain:   "CANARY-4",
		Query:   "code=CANARY-5&x=1",
	}
	out := printer.Sprint(&v)
	assert.NotContains(t, out, "CANARY")
	for _, want := range []string{`"claims": {`, `"sub": "[SENSITIVE]"`, `"n": "[SENSITIVE]"`, `"user": "[SENSITIVE]"`,
		`"plain": "[SENSITIVE]"`, `"query": "code=[SENSITIVE]&x=1"`} {
		assert.Contains(t, out, want)
	}
	assert.Contains(t, printer.Sprint(&v, printer.WithoutDefaultMasks()), `"query": "code=[SENSITIVE]&x=1"`, "not a default mask")
}

type panickyRedactor struct {
	Query string `json:"query"`
}

func (panickyRedactor) Redacted() map[string]string { panic("boom") }

func TestRedactorPanics(t *testing.T) {
	assert.Equal(t, "\"[SENSITIVE]\"\n", printer.Sprint(&panickyRedactor{Query: "CANARY"}))
}

// A string holding a JSON object prints with the default masks applied
// inside it, JSON text nested in it included; WithoutDefaultMasks shows it
// as it is.
func TestMasksInsideJSONText(t *testing.T) {
	v := map[string]any{"body": `{"Token": "CANARY-1", "Message": "{\"password\": \"CANARY-2\", \"ok\": 1}", "n": 2}`, "text": "{not json, token: CANARY-3}"}
	out := printer.Sprint(v)
	assert.NotContains(t, out, "CANARY-1")
	assert.NotContains(t, out, "CANARY-2")
	assert.Contains(t, out, `"body": "{\"Token\": \"[SENSITIVE]\", \"Message\": \"{\\\"password\\\": \\\"[SENSITIVE]\\\", \\\"ok\\\": 1}\", \"n\": 2}"`)
	assert.Contains(t, out, "CANARY-3", "not JSON: printed as it is")
	assert.Contains(t, printer.Sprint(v, printer.WithoutDefaultMasks()), "CANARY-2")
}
