package blob

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func enc(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestDerivedByContent(t *testing.T) {
	fixed := printer.Derive("ArrivalTime", func() (string, error) { return "t", nil })
	for name, tt := range map[string]struct {
		data string
		want []string
	}{
		"none":       {"", []string{"ArrivalTime"}},
		"not base64": {"SGVsbG8", []string{"ArrivalTime", "DecodedData"}},
		"gzip":       {enc([]byte{0x1f, 0x8b, 8, 0}), []string{"ArrivalTime", "CloudWatchLogs"}},
		"kpl":        {enc(append(kplMagic, 1, 2, 3)), []string{"ArrivalTime", "IsAggregated"}},
		"object":     {enc([]byte(" \n{\"a\":1}")), []string{"ArrivalTime", "Payload"}},
		"array":      {enc([]byte(`[1,2]`)), []string{"ArrivalTime", "Payload"}},
		"text":       {enc([]byte("héllo")), []string{"ArrivalTime", "Text"}},
		"binary":     {enc([]byte{0xff, 0}), []string{"ArrivalTime"}},
	} {
		d := derivers(Derived(tt.data, fixed))
		assert.Equal(t, tt.want, sourcetest.DerivedNames(d), name)
	}
	assert.Nil(t, sourcetest.DerivedNames(derivers(Derived(""))))
}

type derivers []printer.Derived

func (d derivers) Derived() []printer.Derived { return d }

func TestIsAggregated(t *testing.T) {
	assert.True(t, IsAggregated(enc(kplMagic)))
	assert.False(t, IsAggregated(enc(kplMagic[:3])))
	assert.False(t, IsAggregated("%%%"))
	assert.False(t, IsAggregated(""))
}
