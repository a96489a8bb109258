package ses_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/ses"
)

// A synchronous receipt rule function stops the rule set for mail that
// failed a check, and lets the rest through.
func ExampleNewDispositionResponse() {
	payload := `{"Records":[{"eventSource":"aws:ses","eventVersion":"1.0","ses":{
		"mail":{"messageId":"m1","headers":[{"name":"Subject","value":"hello"}]},
		"receipt":{"spamVerdict":{"status":"FAIL"},"virusVerdict":{"status":"PASS"},"spfVerdict":{"status":"PASS"},
			"dkimVerdict":{"status":"PASS"},"action":{"type":"Lambda","invocationType":"RequestResponse"}}}}]}`

	var e ses.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	r, err := e.Record()
	if err != nil {
		panic(err)
	}
	subject, _ := r.SES.Mail.Header("subject")
	d := ses.DispositionContinue
	if !r.SES.Receipt.Passed() {
		d = ses.DispositionStopRuleSet
	}
	answer, err := ses.NewDispositionResponse(d)
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(answer)
	fmt.Println(subject, r.SES.Receipt.SpamVerdict.Status)
	fmt.Println(string(out))
	// Output:
	// hello FAIL
	// {"disposition":"STOP_RULE_SET"}
}
