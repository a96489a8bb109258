package batch

// Option configures [Process] and [ProcessKafka].
type Option func(*config)

type config struct {
	concurrency int
	stop        bool
	skipGroup   bool
	fullFailure bool
	onFailure   func(*Error)
}

// WithConcurrency runs up to n records at a time (n < 2: one at a time,
// the default), started in batch order. It applies to standard SQS queues
// and to streams; FIFO queues, [StopOnFirstFailure] and [SkipGroupOnError]
// run one record at a time whatever n is. fn must be safe to call from
// several goroutines.
func WithConcurrency(n int) Option { return func(c *config) { c.concurrency = n } }

// StopOnFirstFailure runs the records one at a time in batch order and
// runs none after the first that fails; they are reported as failed with
// [ErrNotProcessed]. This is what a FIFO queue always does; for a stream it
// avoids processing records that Lambda will deliver again anyway. It
// overrides [SkipGroupOnError].
func StopOnFirstFailure() Option { return func(c *config) { c.stop = true } }

// SkipGroupOnError runs the records one at a time in batch order and, after
// a record fails, skips only the later records of its group, reported as
// failed with [ErrNotProcessed], and goes on with the other groups: the
// message group of a FIFO queue (as the reference library's
// skip_group_on_error), the topic-partition of a Kafka record. Records
// without a group (a standard queue, a Kinesis or DynamoDB stream, whose
// batch comes from one shard) form one group, so for them it is
// [StopOnFirstFailure].
func SkipGroupOnError() Option { return func(c *config) { c.skipGroup = true } }

// ReportFullFailure makes a batch in which every record failed return the
// response naming them all and a nil error, as any other batch; by default
// it also returns a [*Error], which fails the invocation (see the package
// documentation).
func ReportFullFailure() Option { return func(c *config) { c.fullFailure = true } }

// OnFailure calls fn once, after the batch, when at least one record
// failed, with the [*Error] naming each failed record and its cause: the
// place to log them. The function runs before Process returns, on its
// goroutine.
func OnFailure(fn func(*Error)) Option { return func(c *config) { c.onFailure = fn } }
