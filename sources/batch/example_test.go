package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/sources/batch"
	"github.com/evplugin/evplugin/sources/kafka"
	"github.com/evplugin/evplugin/sources/sqs"
)

// A handler returns what Process returns: the response naming the failed
// messages, and an error only when every message failed. A panic is one
// more failed message.
func ExampleProcess() {
	handle := func(ctx context.Context, m sqs.Message) error {
		var order struct{ ID, Total int }
		if err := m.JSONBody(&order); err != nil {
			return err
		}
		if order.Total < 0 {
			panic(fmt.Sprintf("order %d: negative total", order.ID))
		}
		return nil
	}
	handler := func(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
		return batch.Process(ctx, e.Records, handle,
			batch.WithConcurrency(4), // a standard queue: up to 4 at a time
			batch.OnFailure(func(err *batch.Error) { fmt.Println(err) }))
	}

	var e sqs.Event
	if err := json.Unmarshal([]byte(`{"Records":[
		{"messageId":"m-1","body":"{\"ID\":1,\"Total\":5}","eventSource":"aws:sqs"},
		{"messageId":"m-2","body":"not json","eventSource":"aws:sqs"},
		{"messageId":"m-3","body":"{\"ID\":3,\"Total\":-2}","eventSource":"aws:sqs"}]}`), &e); err != nil {
		panic(err)
	}
	r, err := handler(context.Background(), &e)
	out, _ := json.Marshal(r)
	fmt.Println(string(out), err)
	// Output:
	// batch: 2 of 3 records failed: record 1 (m-2): json: invalid character 'o' in literal null (expecting 'u'); record 2 (m-3): panic: order 3: negative total
	// {"batchItemFailures":[{"itemIdentifier":"m-2"},{"itemIdentifier":"m-3"}]} <nil>
}

// A Kafka batch lists its records with AllRecords; failures are named by
// topic-partition and offset.
func ExampleProcessKafka() {
	var e kafka.MSKEvent
	if err := json.Unmarshal([]byte(`{"eventSource":"aws:kafka","records":{
		"orders-0":[{"topic":"orders","partition":0,"offset":15,"value":"MQ=="},
		            {"topic":"orders","partition":0,"offset":16,"value":"Mg=="}]}}`), &e); err != nil {
		panic(err)
	}
	r, err := batch.ProcessKafka(context.Background(), e.AllRecords(), func(_ context.Context, rec kafka.Record) error {
		if v, _ := rec.Text(); v == "2" {
			return errors.New("cannot process 2")
		}
		return nil
	})
	out, _ := json.Marshal(r)
	fmt.Println(string(out), err)
	// Output:
	// {"batchItemFailures":[{"itemIdentifier":{"partition":"orders-0","offset":16}}]} <nil>
}
