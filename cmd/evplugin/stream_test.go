package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
)

// compact returns the JSON of file on one line.
func compact(t *testing.T, file string) string {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, raw))
	return b.String()
}

const snsEnvelope = "../../testdata/events/aws.sns/json-message-attributes.json"

func TestDetectStream(t *testing.T) {
	sqs, sns := compact(t, sqsFile), compact(t, snsEnvelope)
	pretty, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, in, stdout, stderr string
		code                     int
	}{
		{"ndjson", sqs + "\n" + sns + "\n", "-:1\taws.sqs\n-:2\taws.sns\n", "", 0},
		{"concatenated", sqs + sns + " " + sqs, "-:1\taws.sqs\n-:1\taws.sns\n-:1\taws.sqs\n", "", 0},
		{"pretty-printed, blank lines", "\n\n" + string(pretty) + "\n\n" + string(pretty),
			fmt.Sprintf("-:3\taws.sqs\n-:%d\taws.sqs\n", 3+strings.Count(string(pretty), "\n")+2), "", 0},
		{"unknown in the middle", sqs + "\n {\"hello\":1}\n" + sns, "-:1\taws.sqs\n-:2\tunknown\n-:3\taws.sns\n",
			"evplugin: -:2:2: registry: unknown source\n", 3},
		{"invalid in the middle, resync at the next line", sqs + "\n{\"a\": [1, tru\n{\"b\":\"cut\n" + sns + "\n",
			"-:1\taws.sqs\n-:2\tinvalid\n-:4\taws.sns\n",
			fmt.Sprintf("evplugin: -:2:11: invalid JSON at offset %d: invalid literal, want true\n", len(sqs)+11), 4},
		{"worst code wins", "{\"hello\":1}\nnope\n{}", "-:1\tunknown\n-:2\tinvalid\n-:3\tunknown\n", "", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := invoke(t, tc.in, "detect")
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Equal(t, tc.stdout, r.stdout)
			if tc.stderr != "" {
				assert.Equal(t, tc.stderr, r.stderr)
			}
		})
	}

	// A file of several events among several files: rows by line there,
	// by name for the file of one event, as before.
	f := tempFile(t, "events.ndjson", sqs+"\n"+sqs+"\n")
	r := invoke(t, "", "detect", f, sqsFile)
	assert.Equal(t, result{0, f + ":1\taws.sqs\n" + f + ":2\taws.sqs\n" + sqsFile + "\taws.sqs\n", ""}, r)

	// --explain heads each event's rules with its position.
	r = invoke(t, sqs+"\n"+sns, "detect", "--explain")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "-:1\taws.sqs\n# -:1: rules in priority order\n")
	assert.Contains(t, r.stdout, "-:2\taws.sns\n# -:2: rules in priority order\n")
}

func TestDetectCount(t *testing.T) {
	sqs, sns := compact(t, sqsFile), compact(t, snsEnvelope)
	in := strings.Repeat(sqs+"\n", 3) + sns + "\n{\"hello\":1}\n{\"a\":tru}\n" + strings.Repeat(sns+"\n", 2)
	r := invoke(t, in, "detect", "--count", "-", "/does/not/exist")
	assert.Equal(t, 6, r.code)
	assert.Equal(t, ""+
		"COUNT  ID\n"+
		"    3  aws.sns\n"+
		"    3  aws.sqs\n"+
		"    1  invalid\n"+
		"    1  unknown\n"+
		"    1  unreadable\n", r.stdout)
	assert.Contains(t, r.stderr, "evplugin: -:5:1: registry: unknown source\n")
	assert.Contains(t, r.stderr, "evplugin: /does/not/exist: no such file or directory\n")

	r = invoke(t, in, "detect", "--count", "--explain")
	assert.Equal(t, 2, r.code, "the flags exclude each other")
}

// Results keep the order of the input, whatever the workers do (run with
// -race).
func TestDetectStreamOrder(t *testing.T) {
	files := []string{sqsFile, snsEnvelope, "../../testdata/events/aws.s3/delete-marker.json"}
	var events, want []string
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			continue
		}
		r := invoke(t, "", "detect", f)
		require.Equal(t, 0, r.code, r.stderr)
		events = append(events, compact(t, f))
		want = append(want, strings.TrimSpace(r.stdout))
	}
	var in, out strings.Builder
	for i := range 5000 {
		k := (i * 7) % len(events)
		in.WriteString(events[k] + "\n")
		fmt.Fprintf(&out, "-:%d\t%s\n", i+1, want[k])
	}
	r := invoke(t, in.String(), "detect")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, out.String(), r.stdout)
}

// One event over the limit is an error (exit 6) and skipped; the events
// after it still count.
func TestDetectStreamTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 256 MiB")
	}
	sqs := compact(t, sqsFile)
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprintf(pw, "%s\n{\"a\":\"", sqs)
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range maxInput>>20 + 1 {
			pw.Write(chunk)
		}
		fmt.Fprintf(pw, "\"}\n%s\n", sqs)
		pw.Close()
	}()
	var out, errb bytes.Buffer
	code := run([]string{"detect"}, pr, &out, &errb)
	assert.Equal(t, 6, code)
	assert.Equal(t, "-:1\taws.sqs\n-:2\tunreadable\n-:3\taws.sqs\n", out.String())
	assert.Equal(t, "evplugin: -:2:1: stream: event larger than 256 MiB\n", errb.String())
}

// alone returns what cmd prints of event alone.
func alone(t *testing.T, event, cmd string) result {
	t.Helper()
	r := invoke(t, event, cmd)
	require.Equal(t, 0, r.code, r.stderr)
	return r
}

func TestDecodeStream(t *testing.T) {
	sqs, sns := compact(t, sqsFile), compact(t, snsEnvelope)
	one, two := alone(t, sqs, "decode"), alone(t, sns, "decode")

	r := invoke(t, sqs+"\n{\"hello\":1}\n"+sns+"\n", "decode")
	assert.Equal(t, 3, r.code)
	assert.Equal(t, one.stdout+two.stdout, r.stdout, "one indented document per event")
	assert.Equal(t, "evplugin: -:2:1: registry: unknown source\n", r.stderr)

	// The output is a JSON stream that decode reads back.
	back := invoke(t, r.stdout, "decode")
	assert.Equal(t, result{0, r.stdout, ""}, back)
}

func TestPrintStream(t *testing.T) {
	sqs, sns := compact(t, sqsFile), compact(t, snsEnvelope)
	one, two := alone(t, sqs, "print"), alone(t, sns, "print")

	f := tempFile(t, "events.ndjson", sqs+"\n\n"+sns+"\n")
	r := invoke(t, "", "print", f)
	assert.Equal(t, result{0, "# " + f + ":1 aws.sqs\n" + one.stdout + "# " + f + ":3 aws.sns\n" + two.stdout, ""}, r)

	// --source applies to every event.
	r = invoke(t, sqs+"\n"+sns, "print", "--source", "aws.sqs")
	assert.Equal(t, 3, r.code)
	assert.Equal(t, "# -:1 aws.sqs\n"+one.stdout, r.stdout)
	assert.Contains(t, r.stderr, "evplugin: -:2:1: the rule of aws.sqs lacks")
}

// A single event prints exactly as before streams: no position, no header.
func TestSingleEventUnchanged(t *testing.T) {
	raw, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	for _, cmd := range []string{"detect", "decode", "print"} {
		r := invoke(t, "\n\n"+string(raw)+"\n\n", cmd)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.NotContains(t, r.stdout, "-:")
	}
	assert.Equal(t, result{3, "", "evplugin: -: registry: unknown source\n"}, invoke(t, `{"a":1}`, "detect"))
	assert.Equal(t, result{4, "", "evplugin: -:1:1: invalid JSON at offset 0: unexpected end of input\n"}, invoke(t, "", "detect"))
}

// On a terminal, work longer than a second shows a progress line on stderr,
// erased before error lines and at the end. Tests force it and shorten it.
func TestProgress(t *testing.T) {
	pr, pw := io.Pipe()
	var out bytes.Buffer
	errb := &lockedBuffer{}
	c := &cli{stdin: pr, stdout: &out, stderr: errb}
	c.streams.force, c.streams.after, c.streams.tick = true, time.Millisecond, time.Millisecond
	c.reg = registry.New()
	require.NoError(t, c.reg.RegisterAll(registry.Default.Sources()))
	done := make(chan int)
	go func() { done <- c.detectStreams(nil, false, false, false) }()
	sqs := compact(t, sqsFile)
	fmt.Fprintln(pw, sqs)
	require.Eventually(t, func() bool { return strings.Contains(errb.String(), "events") }, 10*time.Second, time.Millisecond)
	fmt.Fprintln(pw, `{"hello":1}`)
	pw.Close()
	assert.Equal(t, 3, <-done)
	assert.Equal(t, "-:1\taws.sqs\n-:2\tunknown\n", out.String())
	s := errb.String()
	assert.Contains(t, s, "\revplugin: -: ")
	assert.Contains(t, s, "\r\x1b[Kevplugin: -:2:1: registry: unknown source\n")
	assert.True(t, strings.HasSuffix(s, "\r\x1b[K") || strings.HasSuffix(s, "unknown source\n"), "%q", s)

	assert.False(t, isTerminal(&out))
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
