package cloudformation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"unicode/utf8"
)

// Status is the outcome a response reports.
type Status string

// The statuses of a response.
const (
	StatusSuccess Status = "SUCCESS"
	StatusFailed  Status = "FAILED"
)

// Limits of a response.
const (
	MaxResponseBody       = 4096 // bytes of the whole JSON body
	MaxPhysicalResourceID = 1024 // bytes
	// MaxReason is how many bytes of a reason Failure keeps, so that a
	// failure response fits in MaxResponseBody.
	MaxReason = 1024
)

// Response is the body a custom resource provider uploads to the
// ResponseURL (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html).
type Response struct {
	Status             Status         `json:"Status"`
	Reason             string         `json:"Reason,omitempty"` // required with StatusFailed
	PhysicalResourceID string         `json:"PhysicalResourceId"`
	StackID            string         `json:"StackId"`
	RequestID          string         `json:"RequestId"`
	LogicalResourceID  string         `json:"LogicalResourceId"`
	NoEcho             bool           `json:"NoEcho,omitempty"` // mask Data in Fn::GetAtt outputs and API views
	Data               map[string]any `json:"Data,omitempty"`   // the values Fn::GetAtt reads
}

// ErrTooLarge is the error of a response whose body exceeds
// [MaxResponseBody]; CloudFormation would refuse it, so it is not sent.
var ErrTooLarge = errors.New("cloudformation: response body larger than 4096 bytes")

// Success returns the response reporting that the request succeeded, with
// data for Fn::GetAtt (nil for none), and the physical ID of the resource:
//
//   - Create: physicalResourceID names the new resource; "" takes
//     [GeneratedPhysicalResourceID].
//   - Update: "" keeps the event's ID (an update in place); another ID
//     tells CloudFormation the resource was replaced, and it then sends a
//     Delete for the old one.
//   - Delete: "" takes the event's ID; any other is an error, as
//     CloudFormation requires the ID of the deleted resource.
//
// A request type other than these is an error.
func (e CustomResourceEvent) Success(physicalResourceID string, data map[string]any) (*Response, error) {
	switch e.RequestType {
	case RequestCreate:
		if physicalResourceID == "" {
			physicalResourceID = GeneratedPhysicalResourceID(e)
		}
	case RequestUpdate:
		if physicalResourceID == "" {
			physicalResourceID = e.PhysicalResourceID
		}
	case RequestDelete:
		if physicalResourceID == "" {
			physicalResourceID = e.PhysicalResourceID
		} else if physicalResourceID != e.PhysicalResourceID {
			return nil, fmt.Errorf("cloudformation: a Delete response must keep the PhysicalResourceId of the request (%q, not %q)", e.PhysicalResourceID, physicalResourceID)
		}
	default:
		return nil, fmt.Errorf("cloudformation: request type %q", e.RequestType)
	}
	r := e.response(StatusSuccess, physicalResourceID)
	r.Data = data
	return r, nil
}

// Failure returns the response reporting that the request failed, for
// reason, cut to [MaxReason] bytes; an empty reason points to the
// function's CloudWatch log stream ([LogStreamReason]).
//
// CloudFormation requires a physical ID even then: Failure keeps the
// event's (Update, Delete) or, for a failed Create, which has none, takes
// [GeneratedPhysicalResourceID]. CloudFormation then rolls back and sends
// a Delete with that ID, for a resource that was never created: a handler
// should treat a Delete of a resource it does not know as done.
func (e CustomResourceEvent) Failure(reason string) *Response {
	if reason == "" {
		reason = LogStreamReason()
	}
	id := e.PhysicalResourceID
	if id == "" {
		id = GeneratedPhysicalResourceID(e)
	}
	r := e.response(StatusFailed, id)
	r.Reason = truncate(reason, MaxReason)
	return r
}

func (e CustomResourceEvent) response(s Status, physicalResourceID string) *Response {
	return &Response{
		Status:             s,
		PhysicalResourceID: physicalResourceID,
		StackID:            e.StackID,
		RequestID:          e.RequestID,
		LogicalResourceID:  e.LogicalResourceID,
	}
}

// GeneratedPhysicalResourceID returns the physical ID Success and Failure
// give a resource created without one: the logical ID, a dash and 16 hex
// digits of a SHA-256 of the stack, logical and request IDs, so the same
// request always gets the same ID (a retried Create does not create a
// second name) and two stacks never share one.
func GeneratedPhysicalResourceID(e CustomResourceEvent) string {
	sum := sha256.Sum256([]byte(e.StackID + "\x00" + e.LogicalResourceID + "\x00" + e.RequestID))
	return truncate(e.LogicalResourceID, MaxPhysicalResourceID-17) + "-" + hex.EncodeToString(sum[:8])
}

// LogStreamReason returns the reason Failure gives when it is given none:
// where the function's logs are, from the Lambda environment
// (AWS_LAMBDA_LOG_STREAM_NAME).
func LogStreamReason() string {
	if s := os.Getenv("AWS_LAMBDA_LOG_STREAM_NAME"); s != "" {
		return "See the details in CloudWatch Log Stream: " + s
	}
	return "See the details in the function's CloudWatch Logs"
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut
// with an ellipsis.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := n - len(mark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}

// Validate checks r against the rules of CloudFormation: a status of
// SUCCESS or FAILED, a reason when it failed, a physical ID of 1 to 1,024
// bytes, and the stack, request and logical IDs of the request.
func (r *Response) Validate() error {
	var errs []error
	if r.Status != StatusSuccess && r.Status != StatusFailed {
		errs = append(errs, fmt.Errorf("status %q (want SUCCESS or FAILED)", r.Status))
	}
	if r.Status == StatusFailed && r.Reason == "" {
		errs = append(errs, errors.New("a FAILED response without a Reason"))
	}
	if n := len(r.PhysicalResourceID); n == 0 || n > MaxPhysicalResourceID {
		errs = append(errs, fmt.Errorf("PhysicalResourceId of %d bytes (want 1 to %d)", n, MaxPhysicalResourceID))
	}
	if r.StackID == "" || r.RequestID == "" || r.LogicalResourceID == "" {
		errs = append(errs, errors.New("no StackId, RequestId or LogicalResourceId"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cloudformation: invalid response: %w", err)
	}
	return nil
}

// Body validates r and returns the JSON body to send: at most
// [MaxResponseBody] bytes, or an error wrapping [ErrTooLarge].
func (r *Response) Body() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("cloudformation: response: %w", err)
	}
	if len(b) > MaxResponseBody {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(b))
	}
	return b, nil
}
