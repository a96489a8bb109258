package kinesis_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/kinesis"
)

// A handler that decodes each record's JSON data and reports the records
// it could not process, so that Lambda retries from the first of them.
func Example() {
	handler := func(_ context.Context, e *kinesis.Event) (kinesis.BatchResponse, error) {
		var resp kinesis.BatchResponse
		for _, r := range e.Records {
			var order struct {
				ID int `json:"id"`
			}
			if err := r.Kinesis.JSONData(&order); err != nil {
				resp.Fail(r)
				continue
			}
			at, _ := r.Kinesis.ArrivalTime()
			fmt.Println("order", order.ID, "arrived", at.Format("15:04:05.000"))
		}
		return resp, nil
	}
	raw := `{"Records":[
		{"kinesis":{"sequenceNumber":"101","data":"eyJpZCI6IDd9","approximateArrivalTimestamp":1545084650.987},"eventSource":"aws:kinesis"},
		{"kinesis":{"sequenceNumber":"102","data":"bm90IGpzb24=","approximateArrivalTimestamp":1545084651.5},"eventSource":"aws:kinesis"}]}`
	var e kinesis.Event
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		fmt.Println(err)
		return
	}
	resp, _ := handler(context.Background(), &e)
	out, _ := json.Marshal(resp)
	fmt.Println(string(out))
	// Output:
	// order 7 arrived 22:10:50.987
	// {"batchItemFailures":[{"itemIdentifier":"102"}]}
}
