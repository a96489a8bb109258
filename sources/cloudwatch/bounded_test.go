package cloudwatch_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/internal/inflate"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// bomb returns a subscription payload of repetitive log events that
// inflates to size bytes or a little less, compressed as a stream, and how
// many log events it holds.
func bomb(t testing.TB, size int) (data []byte, events int) {
	var b bytes.Buffer
	gz, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	require.NoError(t, err)
	w := bufio.NewWriter(gz)
	head := `{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/bomb","logStream":"s","subscriptionFilters":["f"],"logEvents":[`
	tail := `],"policyLevel":"LOG_GROUP_LEVEL_POLICY"}`
	n := len(head) + len(tail)
	w.WriteString(head)
	for ; ; events++ {
		line := `{"id":"0","timestamp":1710756000123,"message":"GET /orders 200"}`
		if events > 0 {
			line = "," + line
		}
		if n+len(line) > size {
			break
		}
		n += len(line)
		w.WriteString(line)
	}
	w.WriteString(tail)
	require.NoError(t, w.Flush())
	require.NoError(t, gz.Close())
	return b.Bytes(), events
}

var moreLogEvents = regexp.MustCompile(`"\[… ([0-9,]+) more log events\]"\n\s*\]`)

// TestPrintBomb prints a payload that inflates to 63 MiB, a million log
// events: the view shows what fits in the printer's budget and says how
// many log events it left out.
func TestPrintBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 63 MiB")
	}
	data, events := bomb(t, 63<<20)
	e := event(data)
	assert.Less(t, len(e.AWSLogs.Data), 300<<10, "an event of under 300 KiB")
	out := printer.Sprint(e)
	assert.Less(t, len(out), len(e.AWSLogs.Data)+2*printer.DefaultBudget)
	m := moreLogEvents.FindStringSubmatch(out)
	require.NotNil(t, m, out[len(out)-500:])
	left, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	require.NoError(t, err)
	shown := strings.Count(out, `"message": "GET /orders 200"`)
	assert.Greater(t, shown, 1000)
	assert.Equal(t, events, shown+left)
	assert.True(t, strings.HasSuffix(out, "\"\n      ],\n      \"policyLevel\": \"LOG_GROUP_LEVEL_POLICY\"\n    }\n  }\n}\n"), out[len(out)-500:])

	// A smaller budget shows fewer; printing allocates in proportion to
	// the budget, not to the payload (printing it whole takes over 1 GB).
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out = printer.Sprint(e, printer.Budget(64<<10))
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(32<<20))
	assert.Less(t, len(out), len(e.AWSLogs.Data)+128<<10)
	assert.Less(t, strings.Count(out, `"message": "GET /orders 200"`), shown/8)
}

// TestPrintBombRSS prints the 63 MiB payload in a process of its own and
// reads its peak resident memory, which must stay under 256 MiB (without
// the budget, or with printer.Unbounded, it is 1.5 GB or more).
func TestPrintBombRSS(t *testing.T) {
	if os.Getenv("EVPLUGIN_BOMB_CHILD") == "1" {
		data, _ := bomb(t, 63<<20)
		runtime.GC()
		require.NoError(t, printer.Fprint(io.Discard, decode(t, []byte(`{"awslogs":{"data":"`+event(data).AWSLogs.Data+`"}}`))))
		fmt.Printf("VmHWM %d\n", peakRSS(t))
		return
	}
	if testing.Short() {
		t.Skip("inflates 63 MiB")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrintBombRSS$", "-test.v")
	cmd.Env = append(os.Environ(), "EVPLUGIN_BOMB_CHILD=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	m := regexp.MustCompile(`VmHWM (\d+)`).FindSubmatch(out)
	require.NotNil(t, m, "%s", out)
	kb, _ := strconv.Atoi(string(m[1]))
	t.Logf("peak RSS printing the 63 MiB payload: %d MiB", kb>>10)
	assert.Less(t, kb, 256<<10)
}

// peakRSS returns the process's peak resident memory in KiB.
func peakRSS(t testing.TB) int {
	status, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	require.NotNil(t, m)
	kb, _ := strconv.Atoi(string(m[1]))
	return kb
}

// TestPrintWithinIsParse: the view of Parse() shows what Parse returns,
// within a budget or without, and fails where Parse fails.
func TestPrintWithinIsParse(t *testing.T) {
	e := decode(t, sourcetest.Testdata(t, id)["data-message.json"])
	whole := printer.Sprint(e)
	assert.Equal(t, whole, printer.Sprint(e, printer.Unbounded()))
	assert.Contains(t, whole, `"logEvents": [`)
	assert.NotContains(t, whole, "more log events")

	cut := printer.Sprint(e, printer.Budget(0))
	assert.Contains(t, cut, "\"logEvents\": [\n        \"[… 2 more log events]\"\n      ],\n      \"policyLevel\"")
	assert.Contains(t, cut, `"logGroup": "/aws/lambda/checkout-api"`)

	// A value Parse gives, printed whole, is the view.
	p, err := e.Parse()
	require.NoError(t, err)
	assert.Contains(t, whole, strings.ReplaceAll(strings.TrimSuffix(printer.Sprint(p), "}\n"), "\n", "\n    "))

	// Whitespace is squeezed between tokens, never in strings.
	spaced := event(sourcetest.Gzip(t, "{ \"owner\" :\n\n \"1  \\\"  \\\\\" , \"logEvents\": [ {\"message\":\"a \\\"  b\\\\  \"}  ,  {\"id\":\" \"} ]   }   "))
	p, err = spaced.Parse()
	require.NoError(t, err)
	assert.Equal(t, `1  "  \`, p.Owner)
	assert.Equal(t, `a "  b\  `, p.LogEvents[0].Message)
	assert.Contains(t, printer.Sprint(spaced), strings.ReplaceAll(strings.TrimSuffix(printer.Sprint(p), "}\n"), "\n", "\n    "))

	for name, payload := range map[string]string{
		"trailing data":      `{"logEvents":[]} x`,
		"events not a list":  `{"logEvents":{}}`,
		"event not a object": `{"logEvents":[1]}`,
		"late bad event":     `{"logEvents":[{"id":"1"},{"id":2}]}`,
		"bad member":         `{"owner":1,"logEvents":[]}`,
		"truncated":          `{"logEvents":[{"id":"1"}`,
	} {
		_, err := event(sourcetest.Gzip(t, payload)).Parse()
		assert.Error(t, err, name)
		assert.Contains(t, printer.Sprint(event(sourcetest.Gzip(t, payload))), `"Parse()": "[Cannot be deserialized]"`, name)
	}
	for name, payload := range map[string]string{
		"null events": `{"owner":"1","logEvents":null}`,
		"no events":   `{"owner":"1"}`,
	} {
		_, err := event(sourcetest.Gzip(t, payload)).Parse()
		assert.NoError(t, err, name)
		assert.Contains(t, printer.Sprint(event(sourcetest.Gzip(t, payload))), "\"Parse()\": {\n      \"owner\": \"1\"\n    }", name)
	}
}

// TestPrintOverTheLimit: a payload Parse refuses as too large prints as
// undecodable, within the budget or not.
func TestPrintOverTheLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 64 MiB")
	}
	var b bytes.Buffer
	gz, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	require.NoError(t, err)
	gz.Write([]byte(`{"logEvents":[`))
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	for range inflate.DefaultLimit >> 20 {
		gz.Write(spaces)
	}
	gz.Write([]byte(`]}`))
	require.NoError(t, gz.Close())
	e := event(b.Bytes())
	_, err = e.Parse()
	assert.ErrorIs(t, err, inflate.ErrTooLarge)
	assert.Contains(t, printer.Sprint(e), `"Parse()": "[Cannot be deserialized]"`)
	assert.Contains(t, printer.Sprint(e, printer.Unbounded()), `"Parse()": "[Cannot be deserialized]"`)
	_ = cloudwatch.DataMessage
}
