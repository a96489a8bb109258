package kafka_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/kafka"
)

// Records arrive grouped by topic-partition; AllRecords lists them in a
// stated order, and each record decodes its key, value and headers.
func ExampleBatch_AllRecords() {
	payload := `{"eventSource":"aws:kafka","bootstrapServers":"b-1:9098",
	"records":{
	  "orders-10":[{"topic":"orders","partition":10,"offset":7,"timestamp":1718000000000,"timestampType":"CREATE_TIME",
	    "key":"b3JkZXItNw==","value":"eyJ0b3RhbCI6IDV9","headers":[{"retry":[49]}]}],
	  "orders-2":[{"topic":"orders","partition":2,"offset":41,"timestamp":1718000000000,"timestampType":"CREATE_TIME",
	    "value":"eyJ0b3RhbCI6IDN9","headers":[{"sig":[-34,-83]}]}]}}`

	var e kafka.MSKEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	for _, r := range e.AllRecords() {
		key, _ := r.DecodedKey()
		var order struct{ Total int }
		if err := r.JSONValue(&order); err != nil {
			fmt.Println("bad value:", err)
			continue
		}
		headers, _ := r.HeaderList()
		fmt.Printf("%s@%d key=%q (has key: %v) total=%d headers=%v\n", r.TopicPartition(), r.Offset, key, r.HasKey(), order.Total, headers)
	}
	// Output:
	// orders-2@41 key="" (has key: false) total=3 headers=[{sig [222 173]}]
	// orders-10@7 key="order-7" (has key: true) total=5 headers=[{retry [49]}]
}
