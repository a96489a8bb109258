package printer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/printer"
)

func TestSensitiveName(t *testing.T) {
	for _, name := range []string{"Authorization", "SET-COOKIE", "x-csrf-token", "accessToken", "client_secret",
		"Password", "passwd", "AWSCredentials", "apiKey", "x_api_key", "private_key", "X-Hub-Signature-256"} {
		assert.True(t, printer.SensitiveName(name), name)
	}
	for _, name := range []string{"Host", "content-type", "body", "messageId", "authorizer", "keys"} {
		assert.False(t, printer.SensitiveName(name), name)
	}
}
