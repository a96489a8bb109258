package sources

import (
	"strings"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// Payload returns what text, a message body, carries: when
// [registry.Default] detects an event in it (an SNS envelope in an SQS body,
// an S3 notification in an SNS message, a plugin's event), that event
// decoded into its source's type, so that it prints with that type's masks
// and derived values; otherwise the JSON document as plain values (maps,
// slices, json.Number), or the error of decoding it. Empty text is
// [body.ErrEmpty], which the printer leaves out: no body is not a failure.
//
// An event that is detected but does not decode is returned as plain JSON
// too: a payload is never an error for being no known event. Plain text (a
// body that does not start like a JSON object or array: "hello", a
// subscription confirmation's message) carries nothing either: its error
// is one the printer leaves out; JSON that is broken is a failure.
func Payload(text string) (any, error) {
	if _, v, ok := detected(registry.Default, []byte(text)); ok {
		return v, nil
	}
	if t := strings.TrimLeft(text, " \t\r\n"); t != "" && t[0] != '{' && t[0] != '[' {
		return nil, body.Absent("payload: plain text, no JSON document")
	}
	return plainJSON([]byte(text))
}

// detected returns the event reg detects in data, decoded into its
// source's type, and the source's ID; ok is false when no source detects
// it or it does not decode (a payload is then plain JSON, or nothing).
func detected(reg *registry.Registry, data []byte) (id string, v any, ok bool) {
	id, err := reg.Detect(data)
	if err != nil {
		return "", nil, false
	}
	if v, err = reg.DecodeAs(id, data); err != nil {
		return "", nil, false
	}
	return id, v, true
}

// plainJSON decodes data, a JSON document, as plain values (maps, slices,
// json.Number, ...).
func plainJSON(data []byte) (any, error) {
	var v any
	if err := body.JSON(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// PayloadNote returns what the printer shows in place of text, a message
// body, when it carries an event a registered source detects: a note
// naming the source and pointing to the derived value Payload, where the
// event prints decoded into its type and masked by it (an SNS envelope's
// SubscribeURL and Token). The text itself would show the event's secrets
// that only its type knows, and the same data twice. ok is false when text
// carries no known event: the printer then shows it, masked by member
// names. A type holding a body implements [printer.Redactor] with it.
// Text that is not wholly valid JSON carries no event
// ([registry.Registry.DetectStrict]), as Payload finds.
func PayloadNote(text string) (note string, ok bool) {
	id, err := registry.Default.DetectStrict([]byte(text))
	if err != nil {
		return "", false
	}
	return "[" + id + " event: see Payload()]", true
}
