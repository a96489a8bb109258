package cloudformation

import (
	"context"
	"fmt"
	"time"
)

// HandlerFunc does the work of one custom resource request: it returns the
// physical ID and the Fn::GetAtt data of a success (see
// [CustomResourceEvent.Success] for the ID rules), or an error.
type HandlerFunc func(ctx context.Context, e CustomResourceEvent) (physicalResourceID string, data map[string]any, err error)

// DefaultReserve is how long before the context's deadline [Sender.Handle]
// ends the handler's context, to keep time for sending the response.
const DefaultReserve = 3 * time.Second

// Handle runs fn for e and always answers CloudFormation: with Success of
// what fn returned, or with Failure of fn's error (also when fn panics,
// or the response Success builds is invalid or too large). fn's context
// ends [DefaultReserve] before ctx's deadline, so the failure can still be
// sent when fn overruns.
//
// Handle returns nil once a response is delivered, even a FAILED one, and
// the lambda function should return what Handle returns: CloudFormation
// invokes it asynchronously, and Lambda retries a function that fails, which
// would answer the same request twice.
func (s Sender) Handle(ctx context.Context, e CustomResourceEvent, fn HandlerFunc) error {
	fctx, cancel := handlerContext(ctx)
	defer cancel()
	r, err := run(fctx, e, fn)
	if err == nil {
		// A response CloudFormation would refuse becomes a failure it takes.
		if _, berr := r.Body(); berr != nil {
			err = berr
		}
	}
	if err != nil {
		r = e.Failure(err.Error())
	}
	return s.Send(ctx, e.ResponseURL, r)
}

func handlerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if d, ok := ctx.Deadline(); ok {
		return context.WithDeadline(ctx, d.Add(-DefaultReserve))
	}
	return context.WithCancel(ctx)
}

// run calls fn, turning a panic into an error, and builds the success.
func run(ctx context.Context, e CustomResourceEvent, fn HandlerFunc) (r *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	id, data, err := fn(ctx, e)
	if err != nil {
		return nil, err
	}
	return e.Success(id, data)
}
