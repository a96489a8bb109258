package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/examples/internal/invoke"
)

// queue builds an SQS event with one message per body.
func queue(bodies ...string) []byte {
	var records []string
	for i, b := range bodies {
		records = append(records, fmt.Sprintf(`{
      "messageId": "m-%d",
      "receiptHandle": "AQEB%d...",
      "body": %q,
      "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1718000000000",
        "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1718000000001"},
      "messageAttributes": {},
      "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
      "eventSource": "aws:sqs",
      "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:orders",
      "awsRegion": "eu-west-1"
    }`, i+1, i+1, b))
	}
	return []byte(`{"Records": [` + strings.Join(records, ",") + `]}`)
}

type response struct {
	BatchItemFailures []struct {
		ItemIdentifier string `json:"itemIdentifier"`
	} `json:"batchItemFailures"`
}

func failed(r response) []string {
	var ids []string
	for _, f := range r.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

func TestPartialFailures(t *testing.T) {
	payload := queue(`{"id":"o-1","amount":5}`, `not json`, `{"id":"o-3","amount":-1}`, `{"id":"o-4","amount":7}`)
	id, err := evplugin.Detect(payload)
	require.NoError(t, err)
	require.Equal(t, "aws.sqs", id)

	r := invoke.JSON[response](t, evplugin.Handle(handler), payload)
	assert.Equal(t, []string{"m-2", "m-3"}, failed(r), "only the bad messages return to the queue")

	r = invoke.JSON[response](t, evplugin.Handle(handler), queue(`{"id":"o-1","amount":5}`))
	assert.Empty(t, failed(r))
}

// TestAllFail: when every message fails, the invocation fails, so Lambda
// retries the batch and counts an error.
func TestAllFail(t *testing.T) {
	_, err := invoke.Invoke(t, evplugin.Handle(handler), queue(`x`, `{"amount":1}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "m-1")
}

// TestNotSQS: an event of another source never reaches the handler.
func TestNotSQS(t *testing.T) {
	_, err := invoke.Invoke(t, evplugin.Handle(handler), []byte(`{"Records":[{"eventSource":"aws:s3"}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws.sqs")
}
