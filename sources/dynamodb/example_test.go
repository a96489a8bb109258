package dynamodb_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/dynamodb"
)

func ExampleRecord_UnmarshalNewImage() {
	raw := `{"Records":[{"eventID":"7","eventName":"MODIFY","eventSource":"aws:dynamodb","dynamodb":{
		"Keys":{"id":{"S":"order#1"}},
		"NewImage":{"id":{"S":"order#1"},"total":{"N":"1234.50"},"items":{"N":"3"},
			"ledgerId":{"N":"12345678901234567890123456789012345678"},"tags":{"SS":["gift","express"]}},
		"SequenceNumber":"100","SizeBytes":90,"StreamViewType":"NEW_IMAGE"}}]}`
	var e dynamodb.StreamEvent
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		fmt.Println(err)
		return
	}
	var order struct {
		ID       string      `json:"id"`
		Total    json.Number `json:"total"`
		Items    int         `json:"items"`
		LedgerID string      `json:"ledgerId"`
		Tags     []string    `json:"tags"`
	}
	if err := e.Records[0].UnmarshalNewImage(&order); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s for %d items, ledger %s, tags %v\n", order.ID, order.Total, order.Items, order.LedgerID, order.Tags)

	img, _ := e.Records[0].NewImage()
	fmt.Printf("%T %v\n", img["ledgerId"], img["ledgerId"])
	// Output:
	// order#1: 1234.50 for 3 items, ledger 12345678901234567890123456789012345678, tags [gift express]
	// json.Number 12345678901234567890123456789012345678
}
