package plugins

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	pb "github.com/evplugin/evplugin/plugins/proto"
)

// TestWire: the host's hand-written messages are the generated code's,
// both ways, unknown fields skipped.
func TestWire(t *testing.T) {
	req := appendDecodeRequest(nil, "test.é", []byte(`{"a":1}`))
	var got pb.DecodeRequest
	require.NoError(t, proto.Unmarshal(req, &got))
	assert.Equal(t, "test.é", got.GetSourceId())
	assert.Equal(t, `{"a":1}`, string(got.GetEvent()))

	desc := &pb.DescribeResponse{Sources: []*pb.SourceDescriptor{
		{Id: "a.b", Title: "A", Rule: []byte(`{"all":[]}`), Priority: -7, SensitivePaths: []string{"x", "y.z"},
			Samples: [][]byte{[]byte(`{}`), []byte(`[]`)}},
		{Id: "c", Priority: 1 << 40},
	}}
	b, err := proto.Marshal(desc)
	require.NoError(t, err)
	b = append(b, 0x10, 0x01, 0x1d, 1, 2, 3, 4) // unknown fields: a varint, a fixed32
	ds, err := decodeDescribeResponse(b)
	require.NoError(t, err)
	assert.Equal(t, []sourceDescriptor{
		{id: "a.b", title: "A", rule: []byte(`{"all":[]}`), priority: -7, sensitivePaths: []string{"x", "y.z"},
			samples: [][]byte{[]byte(`{}`), []byte(`[]`)}},
		{id: "c", priority: 1 << 40},
	}, ds)

	b, err = proto.Marshal(&pb.DecodeResponse{Document: []byte(`{"b":2}`), Error: "oops"})
	require.NoError(t, err)
	doc, msg, err := decodeDecodeResponse(b)
	require.NoError(t, err)
	assert.Equal(t, `{"b":2}`, string(doc))
	assert.Equal(t, "oops", msg)

	for name, bad := range map[string][]byte{
		"truncated":      b[:len(b)-1],
		"no field 0":     {0x02, 0x00},
		"a group":        {0x0b},
		"wrong type":     {0x08, 0x01},
		"not UTF-8":      {0x12, 0x01, 0xff},
		"varint too big": {0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
	} {
		_, _, err := decodeDecodeResponse(bad)
		assert.Error(t, err, name)
	}
	_, err = decodeDescribeResponse([]byte{0x0a, 0x02, 0x20, 0x01}[:3])
	assert.Error(t, err)

	// go-plugin's StdioData: channel 2, bytes.
	channel, data, err := stdioData([]byte{0x08, 0x02, 0x12, 0x02, 'h', 'i'})
	require.NoError(t, err)
	assert.Equal(t, uint64(2), channel)
	assert.Equal(t, "hi", string(data))
}

func TestEncodeTimeout(t *testing.T) {
	assert.Equal(t, "1n", encodeTimeout(-time.Second))
	assert.Equal(t, "1500n", encodeTimeout(1500*time.Nanosecond))
	assert.Equal(t, "5000000u", encodeTimeout(5*time.Second))
	assert.Equal(t, "10000000u", encodeTimeout(10*time.Second))
	assert.Equal(t, "100001m", encodeTimeout(100*time.Second+time.Nanosecond))
	assert.Equal(t, "76861434M", encodeTimeout(1<<62))
	assert.Equal(t, "2562048H", encodeTimeout(1<<63-1))
}

func TestUnescape(t *testing.T) {
	assert.Equal(t, "a b%", unescape("a%20b%"))
	assert.Equal(t, "é %zz", unescape("%C3%A9 %zz"))
	assert.Equal(t, "plain", unescape("plain"))
}

// TestLogWriter: a plugin's lines reach the logger as go-plugin's client
// forwards them.
func TestLogWriter(t *testing.T) {
	var out strings.Builder
	log := hclog.New(&hclog.LoggerOptions{Output: &out, Level: hclog.Trace, DisableTime: true})
	var tl tail
	w := &logWriter{log: log, tail: &tl}
	lines := `{"@level":"warn","@message":"from hclog","@timestamp":"2026-01-02T03:04:05.000000Z","zeta":1,"alpha":"x"}
[ERROR] prefixed
plain
{"not":"hclog"}

panic: boom
goroutine 1 [running]:
`
	for _, chunk := range []string{lines[:10], lines[10:50], lines[50:]} { // lines split across writes
		_, err := w.Write([]byte(chunk))
		require.NoError(t, err)
	}
	_, _ = w.Write([]byte("last words"))
	w.flush()
	assert.Equal(t, ": panic: boom", tl.hint())
	_, _ = w.Write([]byte(strings.Repeat("y", maxLine+10) + "\n"))
	got := out.String()
	assert.Contains(t, got, "[WARN]  from hclog: alpha=x zeta=1 timestamp=2026-01-02T03:04:05.000000Z\n")
	assert.Contains(t, got, "[ERROR] [ERROR] prefixed\n")
	assert.Contains(t, got, "[DEBUG] plain\n")
	assert.Contains(t, got, `[DEBUG] {"not":"hclog"}`+"\n")
	assert.Contains(t, got, "[ERROR] panic: boom\n")
	assert.Contains(t, got, "[ERROR] goroutine 1 [running]:\n")
	assert.Contains(t, got, "[ERROR] last words\n", "after a panic, every line is an error")
	assert.Contains(t, got, "[DEBUG] "+strings.Repeat("y", maxLine)+"\n", "a long line is cut")
	assert.Contains(t, got, "[ERROR] "+strings.Repeat("y", 10)+"\n")
}
