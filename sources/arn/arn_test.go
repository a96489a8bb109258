package arn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	a, err := Parse("arn:aws:dynamodb:us-east-2:123456789012:table/Music/stream/2019-11-13T20:11:05.123")
	require.NoError(t, err)
	assert.Equal(t, ARN{"aws", "dynamodb", "us-east-2", "123456789012", "table/Music/stream/2019-11-13T20:11:05.123"}, a)
	assert.Equal(t, "arn:aws:dynamodb:us-east-2:123456789012:table/Music/stream/2019-11-13T20:11:05.123", a.String())
	assert.Equal(t, "amazonaws.com", a.DNSSuffix())

	a, err = Parse("arn:aws-cn:s3:::bucket/key")
	require.NoError(t, err)
	assert.Equal(t, "", a.Region)
	assert.Equal(t, "amazonaws.com.cn", a.DNSSuffix())

	for _, bad := range []string{"", "arn:aws", "arn::s3:::b", "urn:aws:s3:::b", "arn:aws::r:a:x"} {
		_, err := Parse(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
}
