// Package batch runs a function over every record of a batch Lambda reads
// through an event source mapping, and returns the partial batch response
// (ReportBatchItemFailures) that names exactly the records that failed:
// SQS messages by ID, Kinesis and DynamoDB stream records by sequence
// number, Kafka records (MSK and self-managed) by topic-partition and
// offset. It is the Go counterpart of the reference library's batch
// processing utility, which aws-lambda-go lacks.
//
//	func handler(ctx context.Context, e *sqs.Event) (sqs.BatchResponse, error) {
//		return batch.Process(ctx, e.Records, handleMessage)
//	}
//
// [Process] takes the records of sqs.Event, kinesis.Event and
// dynamodb.StreamEvent (any record with an ItemIdentifier() string);
// [ProcessKafka] those of a Kafka batch, flattened by AllRecords. Neither
// imports a source package, so a handler links only the source it uses.
// The event source mapping must list ReportBatchItemFailures in its
// FunctionResponseTypes, or Lambda ignores the response.
//
// What counts as a failure: the function returning an error, the function
// panicking (the panic is recovered and reported as a [*PanicError], never
// a crash), and a record left unprocessed ([ErrNotProcessed]): after an
// earlier failure where order matters, or because ctx ended first.
//
// Order. Records run one at a time in batch order unless [WithConcurrency]
// allows more. Messages of a FIFO queue (sqs.Message.IsFIFO) always run in
// order, one at a time, and the first failure stops the batch: it and every
// later message are reported, as AWS requires so that no message overtakes
// an earlier one of its group; with [SkipGroupOnError] only the later
// messages of the failed message's group are skipped. Streams (Kinesis,
// DynamoDB, Kafka) may run concurrently: the response lists the failures in
// batch order, which is sequence-number order, and Lambda resumes each shard
// (Kafka: each topic-partition) from the lowest one reported, so records
// after it are delivered again whether they succeeded or not.
// [StopOnFirstFailure] processes no record after a failure.
//
// A batch in which every record failed returns a [*Error] as well as the
// response, so that the handler, returning both, fails the invocation:
// Lambda then retries the whole batch, which is what the response listing
// every record would ask for, and also counts the invocation as an error
// (the function's Errors metric, the SQS poller backing off, a stream
// mapping's BisectBatchOnFunctionError splitting the batch), as the
// reference library does. [ReportFullFailure] returns the response alone
// instead. An empty batch returns an empty response and no error.
//
// The function receives ctx; when ctx ends, records not yet started are
// reported as not processed, and Process waits for the running ones to
// return (it cannot stop them). [OnFailure] hands the caller a [*Error]
// naming every failed record and its cause, for logging, whenever at least
// one failed.
package batch

import (
	"context"
	"sync"

	"github.com/evplugin/evplugin/sources/internal/esm"
)

// Item is a record [Process] takes: an SQS message (named by its message
// ID), a Kinesis or DynamoDB stream record (by its sequence number).
type Item = esm.Item

// KafkaItem is a record [ProcessKafka] takes: a Kafka record, named by its
// topic-partition and offset.
type KafkaItem = esm.KafkaItem

// Response is the partial batch response of SQS, Kinesis and DynamoDB
// Streams: the same type as sqs.BatchResponse, kinesis.BatchResponse and
// dynamodb.BatchResponse.
type Response = esm.Response

// KafkaResponse is the partial batch response of a Kafka event source
// mapping: the same type as kafka.BatchResponse.
type KafkaResponse = esm.KafkaResponse

// Process runs fn over every record and returns the response naming the
// records that failed, in batch order (see the package documentation for
// the order records run in and what counts as a failure). The error is nil
// unless every record of a non-empty batch failed (see
// [ReportFullFailure]); it is then a [*Error]. A handler returns both:
//
//	return batch.Process(ctx, e.Records, fn)
//
// Records of a FIFO queue are those with an IsFIFO() method returning
// true (sqs.Message); their message group is what their MessageGroup()
// method returns.
func Process[R Item](ctx context.Context, records []R, fn func(context.Context, R) error, opts ...Option) (Response, error) {
	var r Response
	failures, err := run(ctx, records, fn, func(r R) string { return r.ItemIdentifier() }, group[R], opts)
	for _, f := range failures {
		r.Fail(records[f.Index])
	}
	return r, err
}

// ProcessKafka is [Process] for the records of a Kafka batch (MSK or
// self-managed), which Batch.AllRecords lists in a stable order:
//
//	return batch.ProcessKafka(ctx, e.AllRecords(), fn)
//
// The group [SkipGroupOnError] skips is the record's topic-partition.
// Lambda accepts a partial batch response from a Kafka event source
// mapping in provisioned mode, with ReportBatchItemFailures turned on.
func ProcessKafka[R KafkaItem](ctx context.Context, records []R, fn func(context.Context, R) error, opts ...Option) (KafkaResponse, error) {
	var r KafkaResponse
	failures, err := run(ctx, records, fn,
		func(r R) string { return r.ItemIdentifier().String() },
		func(r R) string { return r.ItemIdentifier().Partition }, opts)
	for _, f := range failures {
		r.Fail(records[f.Index])
	}
	return r, err
}

// group is the message group of a record that has one (sqs.Message).
func group[R any](r R) string {
	if g, ok := any(r).(interface{ MessageGroup() string }); ok {
		return g.MessageGroup()
	}
	return ""
}

// isFIFO reports whether any record comes from a FIFO queue.
func isFIFO[R any](records []R) bool {
	for _, r := range records {
		if f, ok := any(r).(interface{ IsFIFO() bool }); ok && f.IsFIFO() {
			return true
		}
	}
	return false
}

// run processes the records and returns the failures in batch order, and
// the error to return to Lambda.
func run[R any](ctx context.Context, records []R, fn func(context.Context, R) error,
	id, group func(R) string, opts []Option) ([]*ItemError, error) {
	c := config{concurrency: 1}
	for _, o := range opts {
		o(&c)
	}
	errs := make([]error, len(records))
	switch {
	case isFIFO(records) || c.stop || c.skipGroup:
		inOrder(ctx, records, fn, group, c.skipGroup && !c.stop, errs)
	case c.concurrency > 1 && len(records) > 1:
		concurrent(ctx, records, fn, min(c.concurrency, len(records)), errs)
	default:
		for i, r := range records {
			errs[i] = start(ctx, fn, r)
		}
	}
	var failures []*ItemError
	for i, err := range errs {
		if err != nil {
			failures = append(failures, &ItemError{Index: i, ID: id(records[i]), Err: err})
		}
	}
	if len(failures) == 0 {
		return nil, nil
	}
	e := &Error{Failures: failures, Records: len(records)}
	if c.onFailure != nil {
		c.onFailure(e)
	}
	if len(failures) == len(records) && !c.fullFailure {
		return failures, e
	}
	return failures, nil
}

// inOrder runs the records one at a time. After a failure it runs no
// later record, or with skipGroup no later record of the same group.
func inOrder[R any](ctx context.Context, records []R, fn func(context.Context, R) error,
	group func(R) string, skipGroup bool, errs []error) {
	failed := map[string]int{} // group → index of its first failure
	for i, r := range records {
		g := ""
		if skipGroup {
			g = group(r)
		}
		at, after := failed[g]
		switch {
		case ctx.Err() != nil:
			errs[i] = cancelled(ctx)
		case after:
			errs[i] = skipped(at, skipGroup, g)
		default:
			errs[i] = call(ctx, fn, r)
		}
		if errs[i] != nil && !after {
			failed[g] = i
		}
	}
}

// concurrent runs the records, at most n at a time, starting them in batch
// order, and waits for all.
func concurrent[R any](ctx context.Context, records []R, fn func(context.Context, R) error, n int, errs []error) {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, r := range records {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil { // also when both cases were ready
			errs[i] = cancelled(ctx)
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = call(ctx, fn, r)
		})
	}
	wg.Wait()
}

// start runs fn on r unless ctx has ended.
func start[R any](ctx context.Context, fn func(context.Context, R) error, r R) error {
	if ctx.Err() != nil {
		return cancelled(ctx)
	}
	return call(ctx, fn, r)
}

// call runs fn on r, turning a panic into a [*PanicError].
func call[R any](ctx context.Context, fn func(context.Context, R) error, r R) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = newPanicError(v)
		}
	}()
	return fn(ctx, r)
}
