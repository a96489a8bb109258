package sources

import (
	"bytes"
	"encoding/json"

	"github.com/evplugin/evplugin/printer"
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
// too: a payload is never an error for being no known event.
func Payload(text string) (any, error) {
	if v, err := registry.Default.Decode([]byte(text)); err == nil {
		return v, nil
	}
	var v any
	if err := body.JSON([]byte(text), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// MaskedPayload returns text, a message body, as the printer should show
// it when it carries an event a registered source detects: that event's
// JSON, compact, with the secrets its type masks (an SNS envelope's
// SubscribeURL and Token) replaced by [printer.Sensitive], so that masks
// follow the value into the text as well as into [Payload]. ok is false
// when text carries no known event: the printer then masks the text by
// member names alone. A type holding a body implements [printer.Redactor]
// with it.
func MaskedPayload(text string) (masked string, ok bool) {
	v, err := registry.Default.Decode([]byte(text))
	if err != nil {
		return "", false
	}
	var b bytes.Buffer
	if json.Compact(&b, []byte(printer.Sprint(v, printer.WithoutDerived()))) != nil {
		return printer.Sensitive, true // not JSON: show nothing of it
	}
	return b.String(), true
}
