package sqs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
)

// TestViewOfBodies: an empty body and a plain-text one show no Payload (a
// body is not a failure for carrying no JSON document), broken JSON shows
// that it cannot be deserialized, and so does a binary attribute that is
// not strict base64.
func TestViewOfBodies(t *testing.T) {
	e := decode(t, "dlq-plain-body.json")
	require.Len(t, e.Records, 2)
	plain, empty := e.Records[0], e.Records[1]
	require.Equal(t, "plain text, not JSON", plain.Body)
	require.Empty(t, empty.Body)

	assert.NotContains(t, printer.Sprint(plain), `"Payload()"`)
	broken := plain
	broken.Body = `{"order": 12, "items": [`
	assert.Contains(t, printer.Sprint(broken), `"Payload()": "[Cannot be deserialized]"`)
	out := printer.Sprint(empty)
	assert.NotContains(t, out, `"Payload()"`)
	assert.Contains(t, out, `"DecodedBinaryValue()": "[Cannot be deserialized]"`)

	a := empty.MessageAttributes["broken"]
	for in, ok := range map[string]bool{"aGk=": true, "aGk": false, "TestBinary": false, "": true} {
		a.BinaryValue = &in
		b, err := a.DecodedBinaryValue()
		assert.Equal(t, ok, err == nil, in)
		if in == "" {
			assert.Nil(t, b, "an empty value decodes to nothing")
			assert.NotContains(t, printer.Sprint(a), "DecodedBinaryValue()")
		}
	}
}
