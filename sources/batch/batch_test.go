package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/batch"
	"github.com/evplugin/evplugin/sources/dynamodb"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
	"github.com/evplugin/evplugin/sources/kafka"
	"github.com/evplugin/evplugin/sources/kinesis"
	"github.com/evplugin/evplugin/sources/sqs"
)

var errBoom = errors.New("boom")

// failing returns a function that fails the records whose identifier is in
// ids, and records the identifiers it was called with, in call order.
func failing[R batch.Item](ids ...string) (func(context.Context, R) error, *[]string) {
	var mu sync.Mutex
	var calls []string
	return func(_ context.Context, r R) error {
		mu.Lock()
		calls = append(calls, r.ItemIdentifier())
		mu.Unlock()
		if slices.Contains(ids, r.ItemIdentifier()) {
			return fmt.Errorf("%s: %w", r.ItemIdentifier(), errBoom)
		}
		return nil
	}, &calls
}

// ids lists the identifiers a response names, in order.
func ids(r batch.Response) []string {
	var out []string
	for _, f := range r.BatchItemFailures {
		out = append(out, f.ItemIdentifier)
	}
	return out
}

func identifiers[R batch.Item](rs []R) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ItemIdentifier())
	}
	return out
}

// checkKind runs the same checks on the records of one stream kind: every
// other record fails, sequentially and with concurrency; none fails; all
// fail.
func checkKind[R batch.Item](t *testing.T, records []R) {
	t.Helper()
	require.NotEmpty(t, records)
	all := identifiers(records)
	var odd []string
	for i, id := range all {
		if i%2 == 1 {
			odd = append(odd, id)
		}
	}
	for _, opts := range [][]batch.Option{nil, {batch.WithConcurrency(3)}} {
		fn, calls := failing[R](odd...)
		r, err := batch.Process(context.Background(), records, fn, opts...)
		if len(odd) == len(all) {
			require.Error(t, err)
		} else {
			require.NoError(t, err)
		}
		assert.Equal(t, odd, ids(r), "exactly the failed records, in batch order")
		assert.ElementsMatch(t, all, *calls, "every record processed once")
	}

	fn, _ := failing[R]()
	r, err := batch.Process(context.Background(), records, fn)
	require.NoError(t, err)
	assert.Empty(t, r.BatchItemFailures)

	fn, _ = failing[R](all...)
	r, err = batch.Process(context.Background(), records, fn)
	var be *batch.Error
	require.ErrorAs(t, err, &be, "every record failed: the invocation fails")
	assert.Equal(t, all, be.IDs())
	assert.Equal(t, len(all), be.Records)
	assert.ErrorIs(t, err, errBoom)
	assert.Equal(t, all, ids(r), "the response still names them all")
}

func TestKinds(t *testing.T) {
	t.Run("sqs", func(t *testing.T) {
		for name, raw := range sourcetest.Payloads(t, "aws.sqs", "sqsEvent.json") {
			e := sourcetest.Decode[sqs.Event](t, raw)
			if e.Records[0].IsFIFO() {
				continue // TestFIFO
			}
			t.Run(name, func(t *testing.T) { checkKind(t, e.Records) })
		}
	})
	t.Run("kinesis", func(t *testing.T) {
		for name, raw := range sourcetest.Payloads(t, "aws.kinesis.stream", "kinesisStreamEvent.json") {
			if e := sourcetest.Decode[kinesis.Event](t, raw); len(e.Records) > 0 {
				t.Run(name, func(t *testing.T) { checkKind(t, e.Records) })
			}
		}
	})
	t.Run("dynamodb", func(t *testing.T) {
		for name, raw := range sourcetest.Payloads(t, "aws.dynamodb.stream", "dynamoStreamEvent.json") {
			if e := sourcetest.Decode[dynamodb.StreamEvent](t, raw); len(e.Records) > 0 {
				t.Run(name, func(t *testing.T) { checkKind(t, e.Records) })
			}
		}
	})
}

func TestResponseJSON(t *testing.T) {
	e := sourcetest.Decode[kinesis.Event](t, sourcetest.Reference(t, "kinesisStreamEvent.json"))
	fn, _ := failing[kinesis.Record]("49590338271490256608559692540925702759324208523137515618")
	r, err := batch.Process(context.Background(), e.Records, fn)
	require.NoError(t, err)
	var _ kinesis.BatchResponse = r // the source's own type
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692540925702759324208523137515618"}]}`, string(b))
}

func TestKafka(t *testing.T) {
	e := sourcetest.DecodeTestdata[kafka.MSKEvent](t, "aws.kafka.msk", "multi-partition.json")
	records := e.AllRecords() // order-events-0@0, orders-2@41..43, orders-10@7
	var calls []string
	fn := func(_ context.Context, r kafka.Record) error {
		id := r.ItemIdentifier().String()
		calls = append(calls, id)
		if id == "orders-2@41" || id == "orders-10@7" {
			return errBoom
		}
		return nil
	}

	r, err := batch.ProcessKafka(context.Background(), records, fn)
	require.NoError(t, err)
	var _ kafka.BatchResponse = r
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"batchItemFailures":[
		{"itemIdentifier":{"partition":"orders-2","offset":41}},
		{"itemIdentifier":{"partition":"orders-10","offset":7}}]}`, string(b))
	assert.Len(t, calls, 5)

	// The topic-partition is the group: the rest of orders-2 is skipped,
	// the other partitions go on.
	calls = nil
	var got *batch.Error
	r, err = batch.ProcessKafka(context.Background(), records, fn, batch.SkipGroupOnError(),
		batch.OnFailure(func(e *batch.Error) { got = e }))
	require.NoError(t, err)
	assert.Equal(t, []string{"order-events-0@0", "orders-2@41", "orders-10@7"}, calls)
	require.NotNil(t, got)
	assert.Equal(t, []string{"orders-2@41", "orders-2@42", "orders-2@43", "orders-10@7"}, got.IDs())
	assert.ErrorIs(t, got.Failures[1], batch.ErrNotProcessed)
	assert.Contains(t, got.Failures[1].Error(), `record 1 of group "orders-2" failed before it`)
	assert.Len(t, r.BatchItemFailures, 4)

	// The reference samples.
	for name, b := range map[string]kafka.Batch{
		"msk":         sourcetest.Decode[kafka.MSKEvent](t, sourcetest.Reference(t, "kafkaEventMsk.json")).Batch,
		"selfmanaged": sourcetest.Decode[kafka.SelfManagedEvent](t, sourcetest.Reference(t, "kafkaEventSelfManaged.json")).Batch,
	} {
		r, err := batch.ProcessKafka(context.Background(), b.AllRecords(), func(context.Context, kafka.Record) error { return errBoom },
			batch.ReportFullFailure())
		require.NoError(t, err, name)
		assert.Equal(t, []kafka.BatchItemFailure{{ItemIdentifier: kafka.ItemIdentifier{Partition: "mytopic-0", Offset: 15}}},
			r.BatchItemFailures, name)
	}
}

func fifo(t *testing.T) []sqs.Message {
	// cart-7, cart-9, cart-7, cart-9, cart-7
	return sourcetest.DecodeTestdata[sqs.Event](t, "aws.sqs", "fifo-groups.json").Records
}

func TestFIFO(t *testing.T) {
	msgs := fifo(t)
	all := identifiers(msgs)

	t.Run("stops at the first failure", func(t *testing.T) {
		for _, opts := range [][]batch.Option{nil, {batch.WithConcurrency(4)}} {
			fn, calls := failing[sqs.Message](all[1])
			r, err := batch.Process(context.Background(), msgs, fn, opts...)
			require.NoError(t, err)
			assert.Equal(t, all[:2], *calls, "in order, and nothing after the failure")
			assert.Equal(t, all[1:], ids(r), "the failure and every later message")
		}
	})
	t.Run("the first message failing fails the batch", func(t *testing.T) {
		fn, calls := failing[sqs.Message](all[0])
		r, err := batch.Process(context.Background(), msgs, fn)
		var be *batch.Error
		require.ErrorAs(t, err, &be)
		assert.Equal(t, all[:1], *calls)
		assert.Equal(t, all, ids(r))
		assert.ErrorIs(t, be.Failures[0], errBoom)
		for _, f := range be.Failures[1:] {
			assert.ErrorIs(t, f, batch.ErrNotProcessed)
			assert.NotErrorIs(t, f, errBoom)
		}
	})
	t.Run("skip group on error", func(t *testing.T) {
		fn, calls := failing[sqs.Message](all[1]) // cart-9
		r, err := batch.Process(context.Background(), msgs, fn, batch.SkipGroupOnError(), batch.WithConcurrency(4))
		require.NoError(t, err)
		assert.Equal(t, []string{all[0], all[1], all[2], all[4]}, *calls, "cart-7 goes on, in order")
		assert.Equal(t, []string{all[1], all[3]}, ids(r))
	})
	t.Run("stop on first failure wins over skip group", func(t *testing.T) {
		fn, calls := failing[sqs.Message](all[1])
		r, err := batch.Process(context.Background(), msgs, fn, batch.SkipGroupOnError(), batch.StopOnFirstFailure())
		require.NoError(t, err)
		assert.Equal(t, all[:2], *calls)
		assert.Equal(t, all[1:], ids(r))
	})
	t.Run("a queue named .fifo without groups", func(t *testing.T) {
		msgs := slices.Clone(msgs)
		for i := range msgs {
			msgs[i].Attributes.MessageGroupID = ""
		}
		fn, calls := failing[sqs.Message](all[2])
		r, err := batch.Process(context.Background(), msgs, fn, batch.WithConcurrency(4))
		require.NoError(t, err)
		assert.Equal(t, all[:3], *calls)
		assert.Equal(t, all[2:], ids(r))
	})
	t.Run("one at a time", func(t *testing.T) {
		var active, most atomic.Int32
		fn := func(context.Context, sqs.Message) error {
			n := active.Add(1)
			defer active.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			return nil
		}
		_, err := batch.Process(context.Background(), msgs, fn, batch.WithConcurrency(5))
		require.NoError(t, err)
		assert.Equal(t, int32(1), most.Load())
	})
}

func TestStopOnFirstFailure(t *testing.T) {
	e := sourcetest.Decode[dynamodb.StreamEvent](t, sourcetest.Reference(t, "dynamoStreamEvent.json"))
	fn, calls := failing[dynamodb.Record]("111")
	r, err := batch.Process(context.Background(), e.Records, fn, batch.StopOnFirstFailure(), batch.ReportFullFailure())
	require.NoError(t, err)
	assert.Equal(t, []string{"111"}, *calls)
	assert.Equal(t, []string{"111", "222"}, ids(r))

	// Without it, a stream goes on past the failure.
	fn, calls = failing[dynamodb.Record]("111")
	r, err = batch.Process(context.Background(), e.Records, fn)
	require.NoError(t, err)
	assert.Equal(t, []string{"111", "222"}, *calls)
	assert.Equal(t, []string{"111"}, ids(r))
}

func TestPanic(t *testing.T) {
	e := sourcetest.Decode[sqs.Event](t, sourcetest.Reference(t, "sqsEvent.json"))
	for _, opts := range [][]batch.Option{nil, {batch.WithConcurrency(2)}} {
		var got *batch.Error
		opts = append(opts, batch.OnFailure(func(e *batch.Error) { got = e }))
		r, err := batch.Process(context.Background(), e.Records, func(_ context.Context, m sqs.Message) error {
			if m.MessageID == "2e1424d4-f796-459a-8184-9c92662be6da" {
				panic(fmt.Errorf("wrapped: %w", errBoom))
			}
			return nil
		}, opts...)
		require.NoError(t, err, "a panic is a failed record, not a crash")
		assert.Equal(t, []string{"2e1424d4-f796-459a-8184-9c92662be6da"}, ids(r))
		require.NotNil(t, got)
		var p *batch.PanicError
		require.ErrorAs(t, got, &p)
		assert.ErrorIs(t, got, errBoom, "a panic with an error unwraps to it")
		assert.Contains(t, string(p.Stack), "batch_test.TestPanic")
		assert.Equal(t, "batch: 1 of 2 records failed: record 1 (2e1424d4-f796-459a-8184-9c92662be6da): panic: wrapped: boom", got.Error())
	}

	// Any value, nil included (which Go turns into *runtime.PanicNilError).
	for _, v := range []any{"text", 42, nil} {
		_, err := batch.Process(context.Background(), e.Records[:1], func(context.Context, sqs.Message) error { panic(v) })
		var p *batch.PanicError
		require.ErrorAs(t, err, &p, "%v", v)
		assert.NotNil(t, p.Value)
		if v != nil {
			assert.NoError(t, p.Unwrap(), "%v is not an error", v)
		}
	}
}

func TestConcurrency(t *testing.T) {
	e := sourcetest.DecodeTestdata[sqs.Event](t, "aws.sqs", "nested-bodies.json")
	recs := slices.Concat(e.Records, e.Records) // 8 records, IDs repeated
	const n = 3
	var active, most atomic.Int32
	started := make(chan struct{}, len(recs))
	release := make(chan struct{})
	fn := func(_ context.Context, m sqs.Message) error {
		k := active.Add(1)
		defer active.Add(-1)
		for m := most.Load(); k > m && !most.CompareAndSwap(m, k); m = most.Load() {
		}
		started <- struct{}{}
		<-release
		if m.MessageID == e.Records[1].MessageID {
			return errBoom
		}
		return nil
	}
	go func() {
		for range n {
			<-started // n records run at once: the batch is concurrent
		}
		close(release)
	}()
	r, err := batch.Process(context.Background(), recs, fn, batch.WithConcurrency(n))
	require.NoError(t, err)
	assert.Equal(t, int32(n), most.Load(), "never more than n at a time")
	assert.Equal(t, []string{e.Records[1].MessageID, e.Records[1].MessageID}, ids(r))

	// n beyond the batch size runs them all at once, and allocates for
	// no more.
	most.Store(0)
	started, release = make(chan struct{}, len(recs)), make(chan struct{})
	go func() {
		for range len(recs) {
			<-started
		}
		close(release)
	}()
	r, err = batch.Process(context.Background(), recs, fn, batch.WithConcurrency(1<<40))
	require.NoError(t, err)
	assert.Equal(t, int32(len(recs)), most.Load())
	assert.Len(t, r.BatchItemFailures, 2)
}

// The failures of a stream processed concurrently come in batch order,
// whatever order the records finish in: the first is the lowest sequence
// number, Lambda's checkpoint.
func TestConcurrentStreamOrder(t *testing.T) {
	e := sourcetest.Decode[kinesis.Event](t, sourcetest.Reference(t, "kinesisStreamEvent.json"))
	first, second := e.Records[0].ItemIdentifier(), e.Records[1].ItemIdentifier()
	secondDone := make(chan struct{})
	fn := func(_ context.Context, r kinesis.Record) error {
		if r.ItemIdentifier() == first {
			<-secondDone // the first record finishes last
		} else {
			close(secondDone)
		}
		return errBoom
	}
	r, err := batch.Process(context.Background(), e.Records, fn, batch.WithConcurrency(2), batch.ReportFullFailure())
	require.NoError(t, err)
	assert.Equal(t, []string{first, second}, ids(r))
}

func TestEmpty(t *testing.T) {
	called := false
	fn := func(context.Context, sqs.Message) error { called = true; return errBoom }
	for _, opts := range [][]batch.Option{nil, {batch.WithConcurrency(4)}, {batch.StopOnFirstFailure()}} {
		opts = append(opts, batch.OnFailure(func(*batch.Error) { called = true }))
		r, err := batch.Process(context.Background(), (&sqs.Event{}).Records, fn, opts...)
		require.NoError(t, err)
		assert.Equal(t, batch.Response{}, r)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		assert.JSONEq(t, `{"batchItemFailures":null}`, string(b), "a successful batch")
	}
	kr, err := batch.ProcessKafka(context.Background(), kafka.Batch{}.AllRecords(), func(context.Context, kafka.Record) error { return errBoom })
	require.NoError(t, err)
	assert.Empty(t, kr.BatchItemFailures)
	assert.False(t, called)

	// A tumbling window's final invocation may hold no record.
	w := sourcetest.DecodeTestdata[kinesis.Event](t, "aws.kinesis.stream", "tumbling-window-final-empty.json")
	r, err := batch.Process(context.Background(), w.Records, func(context.Context, kinesis.Record) error { return errBoom })
	require.NoError(t, err)
	assert.Empty(t, r.BatchItemFailures)
}

func TestContextCancel(t *testing.T) {
	e := sourcetest.DecodeTestdata[sqs.Event](t, "aws.sqs", "nested-bodies.json")
	all := identifiers(e.Records) // 4 records
	cause := errors.New("deadline near")

	t.Run("sequential", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		var calls []string
		r, err := batch.Process(ctx, e.Records, func(_ context.Context, m sqs.Message) error {
			calls = append(calls, m.MessageID)
			if m.MessageID == all[1] {
				cancel(cause) // and succeeds
			}
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, all[:2], calls)
		assert.Equal(t, all[2:], ids(r), "records not started are failures")
	})
	t.Run("concurrent", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		secondStarted := make(chan struct{})
		var got *batch.Error
		r, err := batch.Process(ctx, e.Records, func(ctx context.Context, m sqs.Message) error {
			switch m.MessageID {
			case all[0]:
				<-secondStarted
				cancel(cause)
			case all[1]:
				close(secondStarted)
				<-ctx.Done() // a function that respects ctx
				return context.Cause(ctx)
			default:
				t.Error("started after cancel:", m.MessageID)
			}
			return nil
		}, batch.WithConcurrency(2), batch.OnFailure(func(e *batch.Error) { got = e }))
		require.NoError(t, err)
		assert.Equal(t, all[1:], ids(r))
		require.NotNil(t, got)
		for _, f := range got.Failures[1:] {
			assert.ErrorIs(t, f, batch.ErrNotProcessed)
			assert.ErrorIs(t, f, cause)
		}
	})
	t.Run("before the batch", func(t *testing.T) {
		for _, opts := range [][]batch.Option{nil, {batch.WithConcurrency(2)}, {batch.StopOnFirstFailure()}} {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			fn, calls := failing[sqs.Message]()
			r, err := batch.Process(ctx, e.Records, fn, opts...)
			assert.ErrorIs(t, err, context.Canceled, "nothing processed: the whole batch fails")
			assert.ErrorIs(t, err, batch.ErrNotProcessed)
			assert.Empty(t, *calls)
			assert.Equal(t, all, ids(r))
		}
	})
}

func TestErrorMessage(t *testing.T) {
	recs := make([]sqs.Message, 13)
	for i := range recs {
		recs[i].MessageID = fmt.Sprintf("m%d", i)
	}
	_, err := batch.Process(context.Background(), recs, func(_ context.Context, m sqs.Message) error {
		if m.MessageID == "m0" {
			return nil
		}
		return errBoom
	})
	require.NoError(t, err)
	_, err = batch.Process(context.Background(), recs, func(context.Context, sqs.Message) error { return errBoom })
	require.Error(t, err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "batch: 13 of 13 records failed: record 0 (m0): boom; record 1 (m1): boom;"), msg)
	assert.True(t, strings.HasSuffix(msg, "record 9 (m9): boom; and 3 more"), msg)
	var be *batch.Error
	require.ErrorAs(t, err, &be)
	assert.Equal(t, "batch: record 12 (m12): boom", be.Failures[12].Error())
	assert.Equal(t, 12, be.Failures[12].Index)
}
