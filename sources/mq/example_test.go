package mq_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/mq"
)

// RabbitMQ messages arrive by "queue::virtual-host"; Queues splits the
// keys, and the typed basic properties decode the byte-string headers.
func ExampleRabbitMQEvent_Queues() {
	payload := `{"eventSource":"aws:rmq","eventSourceArn":"arn:aws:mq:us-west-2:111122223333:broker:pizza:b-1",
	"rmqMessagesByQueue":{"pizzaQueue::/":[{"basicProperties":{"contentType":"application/json",
	  "headers":{"tenant":{"bytes":[97,99,109,101]}},"deliveryMode":2,"priority":null,"expiration":"60000",
	  "timestamp":"Jun 10, 2024, 6:13:20 AM","bodySize":13},
	  "redelivered":false,"data":"eyJzbGljZXMiOiA4fQ=="}]}}`

	var e mq.RabbitMQEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	for _, q := range e.Queues() {
		for _, m := range q.Messages {
			var order struct{ Slices int }
			if err := m.JSONData(&order); err != nil {
				fmt.Println("bad body:", err)
				continue
			}
			tenant, _, _ := m.BasicProperties.HeaderText("tenant")
			ttl, _ := m.BasicProperties.TTL()
			sent, _ := m.BasicProperties.Time()
			fmt.Println(q.Name, q.VHost, tenant, order.Slices, ttl, sent)
		}
	}
	// Output:
	// pizzaQueue / acme 8 1m0s 2024-06-10 06:13:20 +0000 UTC
}
