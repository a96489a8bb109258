package sns_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/sns"
)

// A published JSON message decodes into the caller's type; attributes keep
// their types.
func ExampleMessage_JSONMessage() {
	payload := `{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","Sns":{
		"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:eu-west-1:111122223333:orders",
		"Message":"{\"orderId\":\"A-1\",\"total\":19.90}","Timestamp":"2024-03-01T10:00:00.000Z",
		"MessageAttributes":{"sig":{"Type":"Binary","Value":"c2lnbmVk"},"n":{"Type":"Number","Value":"7"}}}}]}`

	var e sns.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	m := e.Records[0].SNS
	var order struct {
		OrderID string      `json:"orderId"`
		Total   json.Number `json:"total"`
	}
	if err := m.JSONMessage(&order); err != nil {
		panic(err)
	}
	sig, _ := m.MessageAttributes["sig"].DecodedBinaryValue()
	n, _ := m.MessageAttributes["n"].Number()
	at, _ := m.Time()
	fmt.Println(order.OrderID, order.Total, string(sig), n, at.Format("15:04"))
	// Output: A-1 19.90 signed 7 10:00
}
