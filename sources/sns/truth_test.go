package sns_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/sns"
)

// TestBinaryIsStrictBase64: the reference sample's Binary attribute holds
// "TestBinary", text that is not padded base64: it does not decode, and
// the view says so.
func TestBinaryIsStrictBase64(t *testing.T) {
	v, err := registry.Default.Decode(sourcetest.Reference(t, "snsEvent.json"))
	require.NoError(t, err)
	m := v.(*sns.Event).Records[0].SNS
	a := m.MessageAttributes["TestBinary"]
	require.Equal(t, "TestBinary", a.Value)
	_, err = a.DecodedBinaryValue()
	assert.Error(t, err)
	assert.Contains(t, printer.Sprint(a), `"DecodedBinaryValue()": "[Cannot be deserialized]"`)

	a.Value = "VGVzdEJpbmFyeQ=="
	b, err := a.DecodedBinaryValue()
	require.NoError(t, err)
	assert.Equal(t, "TestBinary", string(b))
	a.Value = ""
	b, err = a.DecodedBinaryValue()
	assert.NoError(t, err)
	assert.Nil(t, b)
	assert.NotContains(t, printer.Sprint(a), "DecodedBinaryValue()")
}
