package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const chainFile = "../../testdata/events/aws.sqs/sns-s3-chain.json"

func TestDetectUnwrap(t *testing.T) {
	r := invoke(t, "", "detect", "--unwrap", chainFile)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `aws.sqs > Records[0].body: aws.sns.envelope > Message: aws.s3
aws.sqs > Records[1].body: aws.sns.envelope > Message: aws.cloudwatch.alarm
aws.sqs > Records[2].body: aws.sns.envelope > Message: json
`, r.stdout)

	// Several files: FILE<TAB>CHAIN; an event carrying nothing is its ID.
	plain := "../../testdata/events/aws.sqs/dlq-plain-body.json"
	kin := "../../testdata/events/aws.kinesis.stream/eventbridge-events.json"
	r = invoke(t, "", "detect", "--unwrap", plain, kin)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, plain+"\taws.sqs\n"+
		kin+"\taws.kinesis.stream > Records[0].kinesis.data: aws.eventbridge\n"+
		kin+"\taws.kinesis.stream > Records[1].kinesis.data: aws.eventbridge > detail: aws.s3\n"+
		kin+"\taws.kinesis.stream > Records[2].kinesis.data: aws.s3.eventbridge\n", r.stdout)

	// Failures are reported as without --unwrap.
	r = invoke(t, "{", "detect", "--unwrap")
	assert.Equal(t, exitInvalid, r.code)
	assert.Empty(t, r.stdout)
	r = invoke(t, `{"a":1}`, "detect", "--unwrap")
	assert.Equal(t, exitUnknown, r.code)
}

func TestDecodeUnwrap(t *testing.T) {
	r := invoke(t, "", "decode", "--unwrap", chainFile)
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		ID     string          `json:"id"`
		Event  json.RawMessage `json:"event"`
		Nested []struct {
			Path  []string       `json:"path"`
			ID    string         `json:"id"`
			Event map[string]any `json:"event"`
		} `json:"nested"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, "aws.sqs", out.ID)
	raw, err := os.ReadFile(chainFile)
	require.NoError(t, err)
	assert.JSONEq(t, string(raw), string(out.Event), "the event, lossless")
	require.Len(t, out.Nested, 6)
	assert.Equal(t, []string{"Records[0].body", "Message"}, out.Nested[1].Path)
	assert.Equal(t, "aws.s3", out.Nested[1].ID)
	assert.Contains(t, out.Nested[1].Event, "Records")
	assert.Equal(t, "json", out.Nested[5].ID)
	assert.Equal(t, "invoices-dlq-depth", out.Nested[5].Event["AlarmName"])

	// Nothing carried: an empty list.
	r = invoke(t, "", "decode", "--unwrap", "../../testdata/events/aws.sqs/dlq-plain-body.json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"nested": []`)

	// --source names the root.
	r = invoke(t, "", "decode", "--unwrap", "--source", "aws.sqs", chainFile)
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "{\n  \"id\": \"aws.sqs\""), r.stdout[:40])
}

func TestPrintUnwrap(t *testing.T) {
	r := invoke(t, "", "print", "--unwrap", chainFile)
	require.Equal(t, 0, r.code, r.stderr)
	var heads []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "# ") {
			heads = append(heads, l)
		}
	}
	assert.Equal(t, []string{
		"# aws.sqs > Records[0].body: aws.sns.envelope",
		"# aws.sqs > Records[0].body: aws.sns.envelope > Message: aws.s3",
		"# aws.sqs > Records[1].body: aws.sns.envelope",
		"# aws.sqs > Records[1].body: aws.sns.envelope > Message: aws.cloudwatch.alarm",
		"# aws.sqs > Records[2].body: aws.sns.envelope",
		"# aws.sqs > Records[2].body: aws.sns.envelope > Message: json",
	}, heads)
	// Each payload prints with its type's masks and derived values.
	assert.NotContains(t, r.stdout, "RnJhbmtmdXJ0LW5vdC1hLXJlYWwtc2lnbmF0dXJl", "an envelope's Signature")
	assert.Contains(t, r.stdout, `"DecodedKey()": "2024/06/Rechnung Nr. 17.pdf"`)
}

// A plugin's source takes part in the chain: an SQS body holding a GitHub
// webhook delivery is the plugin's event with the plugin loaded.
func TestUnwrapPlugin(t *testing.T) {
	hook, err := os.ReadFile(webhookEvents(t)[0])
	require.NoError(t, err)
	event, err := json.Marshal(map[string]any{"Records": []any{map[string]any{
		"messageId": "m-1", "body": string(hook), "eventSource": "aws:sqs",
		"eventSourceARN": "arn:aws:sqs:eu-central-1:123456789012:hooks",
	}}})
	require.NoError(t, err)

	r := invoke(t, string(event), "detect", "--unwrap")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^aws\.sqs > Records\[0\]\.body: aws\.(apigateway\.(rest|http)|lambda\.url)\n$`, r.stdout)

	r = invoke(t, string(event), "detect", "--unwrap", "--plugin", webhookPlugin)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "aws.sqs > Records[0].body: github.webhook\n", r.stdout)
}

// --unwrap on a stream of events: each event's chains on rows led by
// "-:LINE", each view under its "# -:LINE ID" line, and --count ignores it.
func TestUnwrapStream(t *testing.T) {
	chain, err := os.ReadFile(chainFile)
	require.NoError(t, err)
	var compactChain bytes.Buffer
	require.NoError(t, json.Compact(&compactChain, chain))
	in := compactChain.String() + "\n" + `{"Records":[{"eventSource":"aws:sqs","body":"plain"}]}` + "\n"

	r := invoke(t, in, "detect", "--unwrap")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `-:1	aws.sqs > Records[0].body: aws.sns.envelope > Message: aws.s3
-:1	aws.sqs > Records[1].body: aws.sns.envelope > Message: aws.cloudwatch.alarm
-:1	aws.sqs > Records[2].body: aws.sns.envelope > Message: json
-:2	aws.sqs
`, r.stdout)

	r = invoke(t, in, "print", "--unwrap")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "# -:1 aws.sqs\n")
	assert.Contains(t, r.stdout, "# aws.sqs > Records[0].body: aws.sns.envelope > Message: aws.s3\n")
	assert.Contains(t, r.stdout, "# -:2 aws.sqs\n")

	r = invoke(t, in, "detect", "--unwrap", "--count")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "COUNT  ID\n    2  aws.sqs\n", r.stdout)
}
