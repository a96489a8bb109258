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

type defaultMasked struct {
	Headers map[string]string `json:"headers"`
	Nested  struct {
		ClientSecret string         `json:"client_secret"`
		Free         map[string]any `json:"free"`
	} `json:"nested"`
	AccessToken string         `json:"accessToken"`
	Unknown     map[string]any `json:"-" print:"inline"`
}

// Default masks: members and map keys named like secrets, at any depth, in
// modelled fields, free-form maps and inline unknown members, whatever the
// case; WithoutDefaultMasks turns them off.
func TestDefaultMasks(t *testing.T) {
	var v defaultMasked
	v.Headers = map[string]string{"AUTHORIZATION": "CANARY-1", "Host": "h", "x-Csrf-Token": "CANARY-2", "Set-Cookie": "CANARY-3"}
	v.Nested.ClientSecret = "CANARY-4"
	v.Nested.Free = map[string]any{"deep": []any{map[string]any{"Password": "CANARY-5", "ok": "visible"}}}
	v.AccessToken = "CANARY-6"
	v.Unknown = map[string]any{"private_key": "CANARY-7", "note": "shown"}
	out := printer.Sprint(v)
	assert.NotContains(t, out, "CANARY", out)
	for _, want := range []string{`"Host": "h"`, `"ok": "visible"`, `"note": "shown"`, `"AUTHORIZATION": "[SENSITIVE]"`} {
		assert.Contains(t, out, want)
	}
	clear := printer.Sprint(v, printer.WithoutDefaultMasks())
	for i := 1; i <= 7; i++ {
		assert.Contains(t, clear, "CANARY-"+string(rune('0'+i)), "asked for explicitly")
	}
}

type arrivals struct {
	Flag  bool   `json:"flag"`
	Text  string `json:"text"`
	Gone  string `json:"gone"`
	Null  *int   `json:"null"`
	Shown string `json:"shown"`
}

func (*arrivals) MemberState(name string) (present, isNull bool) {
	switch name {
	case "flag", "text":
		return true, false
	case "null":
		return true, true
	}
	return false, false
}

// The view tells the truth: a zero member that arrived shows (null as
// null), one that did not arrive does not.
func TestZeroMembersThatArrived(t *testing.T) {
	out := printer.Sprint(&arrivals{Shown: "x"})
	assert.Equal(t, "{\n  \"flag\": false,\n  \"text\": \"\",\n  \"null\": null,\n  \"shown\": \"x\"\n}\n", out)
}
