package lossless_test

import (
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/lossless"
)

type largeDoc struct {
	lossless.Extra
	Big string            `json:"big"`
	S   string            `json:"s"`
	L   []string          `json:"l"`
	M   map[string]string `json:"m"`
	A   map[string]any    `json:"a"`
	I   map[string]int    `json:"i"`
	N   json.Number       `json:"n"`
	Any any               `json:"any"`
}

// A value decoded from a large document keeps only what it holds: no
// string it keeps, whichever way it was decoded, may keep a copy of the
// whole document alive. Each document is one large escaped string (which
// is unescaped into a string of its own) and one small value of each way;
// the value must keep less than 1.5 times the document, where a whole copy
// of it would make that about 2.5 times.
func TestLargeDocumentKeepsNoWholeCopy(t *testing.T) {
	big := `"big":"` + strings.Repeat(`\"x`, 1<<19) + `"`
	for _, small := range []string{
		`"s":"kept"`,
		`"l":["kept"]`,
		`"m":{"key":"value"}`,
		`"a":{"key":"value","n":12.5}`,
		`"i":{"key":1}`,
		`"n":12.5`,
		`"any":["kept",1]`,
		`"unknown":"kept"`,
		`"unknown":{"nested":1}`,
	} {
		t.Run(small, func(t *testing.T) {
			doc := []byte("{" + big + "," + small + "}")
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			before := m.HeapAlloc
			v := new(largeDoc)
			require.NoError(t, lossless.Unmarshal(doc, v))
			runtime.GC()
			runtime.ReadMemStats(&m)
			live := float64(m.HeapAlloc) - float64(before)
			assert.Less(t, live, 1.5*float64(len(doc)), "live heap after decoding a %d-byte document", len(doc))
			out, err := lossless.Marshal(v)
			require.NoError(t, err)
			assert.JSONEq(t, string(doc), string(out))
		})
	}
}

// The strings of a large document fill many blocks of the arena; each
// keeps its own bytes.
func TestLargeDocumentManyStrings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"l":[`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + strings.Repeat(string(rune('a'+i%26)), i%300) + `"`)
	}
	b.WriteString(`],"a":{`)
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + strings.Repeat("x", i%50) + strconv.Itoa(i) + `":` + strconv.Itoa(i) + `.50`)
	}
	b.WriteString(`},"s":"` + strings.Repeat("long", 3000) + `"}`)
	doc := []byte(b.String())
	var v largeDoc
	require.NoError(t, lossless.Unmarshal(doc, &v))
	require.Len(t, v.L, 20000)
	for i, s := range v.L {
		require.Equal(t, strings.Repeat(string(rune('a'+i%26)), i%300), s)
	}
	out, err := lossless.Marshal(&v)
	require.NoError(t, err)
	assert.JSONEq(t, string(doc), string(out))
}
