package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is what one invocation printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

func invoke(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

const (
	sqsFile = "../../testdata/events/aws.sqs/fifo-json-body.json"
	snsFile = "../../testdata/events/aws.sns"
)

func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestDetect(t *testing.T) {
	sns, err := filepath.Glob(filepath.Join(snsFile, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, sns)
	unknown := tempFile(t, "unknown.json", `{"hello":"world"}`)
	invalid := tempFile(t, "invalid.json", `{"Records":[`)

	r := invoke(t, "", "detect", sqsFile)
	assert.Equal(t, result{0, "aws.sqs\n", ""}, r)

	raw, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	r = invoke(t, string(raw), "detect")
	assert.Equal(t, result{0, "aws.sqs\n", ""}, r, "stdin")
	r = invoke(t, string(raw), "detect", "-")
	assert.Equal(t, result{0, "aws.sqs\n", ""}, r, "stdin as -")

	r = invoke(t, "", "detect", sqsFile, sns[0])
	assert.Equal(t, 0, r.code)
	assert.Equal(t, sqsFile+"\taws.sqs\n"+sns[0]+"\taws.sns\n", r.stdout)

	r = invoke(t, "", "detect", sqsFile, unknown)
	assert.Equal(t, 3, r.code)
	assert.Equal(t, sqsFile+"\taws.sqs\n"+unknown+"\tunknown\n", r.stdout)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line per error")
	assert.Contains(t, r.stderr, unknown)

	r = invoke(t, "", "detect", unknown, invalid, sqsFile)
	assert.Equal(t, 4, r.code, "invalid outranks unknown")
	assert.Equal(t, unknown+"\tunknown\n"+invalid+"\tinvalid\n"+sqsFile+"\taws.sqs\n", r.stdout)
	assert.Contains(t, r.stderr, invalid+":1:13: invalid JSON at offset 12")

	r = invoke(t, "", "detect", unknown)
	assert.Equal(t, 3, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "unknown source")

	r = invoke(t, "", "detect", "does-not-exist.json")
	assert.Equal(t, 6, r.code, "unreadable")
	assert.Contains(t, r.stderr, "does-not-exist.json")
}

func TestDetectExplain(t *testing.T) {
	r := invoke(t, `{"Records":[{"eventSource":"aws:sns"}]}`, "detect", "--explain")
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stdout, "no  aws.sqs")
	assert.Contains(t, r.stdout, `fail Records[0].eventSource equals "aws:sqs" (found "aws:sns")`)
	assert.Contains(t, r.stderr, "nearest:")

	r = invoke(t, "", "detect", sqsFile, "--explain")
	assert.Equal(t, 0, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "aws.sqs\n"), r.stdout)
	assert.Contains(t, r.stdout, "YES aws.sqs")
}

func TestDecode(t *testing.T) {
	raw, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	r := invoke(t, "", "decode", sqsFile)
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, string(raw), r.stdout, "lossless")

	r = invoke(t, "", "decode", "--source", "aws.sqs", sqsFile)
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, string(raw), r.stdout)

	r = invoke(t, "", "decode", "--source=aws.nope", sqsFile)
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stderr, `no such source "aws.nope"`)

	r = invoke(t, `{"Records":[{"eventSource":"aws:sqs","body":7}]}`, "decode")
	assert.Equal(t, 4, r.code)
	assert.Contains(t, r.stderr, "Records[0].body")
	assert.Contains(t, r.stderr, "aws.sqs")
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"))

	r = invoke(t, "", "decode", sqsFile, sqsFile)
	assert.Equal(t, 2, r.code)
}

func TestPrint(t *testing.T) {
	r := invoke(t, "", "print", sqsFile)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"Payload()": {`)
	assert.Contains(t, r.stdout, `"QueueURL()"`)

	r = invoke(t, "not json", "print")
	assert.Equal(t, 4, r.code)
	assert.Contains(t, r.stderr, "-:1:1: invalid JSON at offset 0")
}

func TestSources(t *testing.T) {
	r := invoke(t, "", "sources")
	require.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "aws.sqs")
	assert.Contains(t, r.stdout, "*sqs.Event")

	r = invoke(t, "", "sources", "--json")
	require.Equal(t, 0, r.code)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.NotEmpty(t, list)
	var sqs map[string]any
	for _, s := range list {
		for _, k := range []string{"id", "type", "title", "priority", "rule"} {
			assert.Contains(t, s, k)
		}
		if s["id"] == "aws.sqs" {
			sqs = s
		}
	}
	require.NotNil(t, sqs)
	assert.Equal(t, "*sqs.Event", sqs["type"])
	assert.EqualValues(t, 300, sqs["priority"])
	assert.Equal(t, map[string]any{"all": []any{map[string]any{"path": "Records[0].eventSource", "op": "equals", "value": "aws:sqs"}}}, sqs["rule"])
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"detect", "--source", "aws.sqs"},
		{"decode", "--explain"},
		{"sources", "file.json"},
		{"decode", "--source"},
		{"sources", "--json=yes"},
	} {
		r := invoke(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "usage:", "%v", args)
	}
	assert.Equal(t, 0, invoke(t, "", "help").code)
}
