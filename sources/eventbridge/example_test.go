package eventbridge_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/evplugin/evplugin/sources/eventbridge"
)

// A handler receives an event from a custom bus and decodes its detail
// into its own struct; numbers keep their digits on the way.
func ExampleEvent_DetailAs() {
	raw := []byte(`{"version":"0","id":"0d4c1e2f-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
		"detail-type":"Invoice Paid","source":"com.example.billing",
		"account":"123456789012","time":"2025-01-31T12:00:00Z","region":"us-east-1",
		"resources":[],"detail":{"invoice":98765432109876543210,"amount":19.90,"paidAt":"2025-01-31T11:59:58Z"}}`)

	var e eventbridge.Event
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	var paid struct {
		Invoice json.Number `json:"invoice"`
		Amount  float64     `json:"amount"`
		PaidAt  time.Time   `json:"paidAt"`
	}
	if err := e.DetailAs(&paid); err != nil {
		fmt.Println(err)
		return
	}
	t, _ := e.Time()
	fmt.Println(e.Source, e.DetailType, t.Format("2006-01-02"), e.IsReplay())
	fmt.Println(paid.Invoice, paid.Amount, paid.PaidAt.Sub(t))

	var tooSmall struct {
		Invoice int64 `json:"invoice"`
	}
	fmt.Println(e.DetailAs(&tooSmall) != nil)
	// Output:
	// com.example.billing Invoice Paid 2025-01-31 false
	// 98765432109876543210 19.9 -2s
	// true
}
