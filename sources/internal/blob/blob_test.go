package blob

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"strings"
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

func TestCarried(t *testing.T) {
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		_, _ = w.Write([]byte(s))
		_ = w.Close()
		return enc(b.Bytes())
	}
	logs := `{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","subscriptionFilters":[],"logEvents":[]}`
	for name, tt := range map[string]struct {
		data, want string
		cost       int64
		logs       bool
	}{
		"none":        {"", "", 0, false},
		"not base64":  {"SGVsbG8", "", 0, false},
		"text":        {enc([]byte("hello")), "", 5, false},
		"json":        {enc([]byte(` {"a":1}`)), ` {"a":1}`, 8, false},
		"gzip json":   {gz(`[1]`), `[1]`, int64(len(mustDecode(gz(`[1]`)))) + 3, false},
		"gzip logs":   {gz(logs), logs, int64(len(mustDecode(gz(logs))) + len(logs)), true},
		"gzip broken": {enc([]byte{0x1f, 0x8b, 8, 0}), "", 4, false},
	} {
		c := Carried("data", tt.data, 1000)
		assert.Equal(t, tt.want, string(c.Data), name)
		assert.Equal(t, tt.cost, c.Cost, name)
		assert.Equal(t, tt.logs, c.Value != nil, name)
		if tt.logs {
			assert.Equal(t, LogsPayloadID, c.ID, name)
		}
	}
}

func TestCarriedLimit(t *testing.T) {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(strings.Repeat(" ", 1000) + "[1]"))
	_ = w.Close()
	c := Carried("data", enc(b.Bytes()), 50)
	assert.Nil(t, c.Data)
	assert.Equal(t, int64(b.Len()+50), c.Cost, "what it inflated is counted")
}

func mustDecode(s string) []byte {
	b, err := Decode(s)
	if err != nil {
		panic(err)
	}
	return b
}
