package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Issue 6, item 9: null is no event, and nulls inside an event survive.
func TestDecodeNulls(t *testing.T) {
	r := invoke(t, "null", "decode", "--source", "aws.sqs", "-")
	assert.Equal(t, 3, r.code, "the rule of aws.sqs does not match null")
	r = invoke(t, "null", "decode", "--source", "aws.sqs", "--force", "-")
	assert.Equal(t, 4, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "cannot decode null into sqs.Event")

	in := `{"Records":[{"eventSource":"aws:sqs","attributes":{"SenderId":null},"messageAttributes":{"a":null}},null]}`
	r = invoke(t, in, "decode", "-")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, in, r.stdout)
}
