package s3

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/header"
	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func init() {
	// What every S3 Object Lambda event carries, and the context of one of
	// the four operations an access point can route to a function.
	sources.Register[ObjectLambdaEvent]("aws.s3.objectlambda", "Amazon S3 Object Lambda access point request", sources.PriorityShape,
		registry.All(registry.PathExists("xAmzRequestId"), registry.PathExists("configuration"),
			registry.PathExists("userRequest")).AndAny(
			registry.PathExists("getObjectContext"), registry.PathExists("headObjectContext"),
			registry.PathExists("listObjectsContext"), registry.PathExists("listObjectsV2Context")))
}

// The operations an S3 Object Lambda access point sends to a function, as
// [ObjectLambdaEvent.Operation] names them.
const (
	OperationGetObject     = "GetObject"
	OperationHeadObject    = "HeadObject"
	OperationListObjects   = "ListObjects"
	OperationListObjectsV2 = "ListObjectsV2"
)

// ObjectLambdaEvent is a request an S3 Object Lambda access point passes
// to a function: exactly one of the operation contexts is set. For
// GetObject the function answers by calling the S3 API
// WriteGetObjectResponse with [ObjectLambdaEvent.WriteGetObjectRoute];
// for the other operations it returns a JSON answer.
//
// The presigned URLs (InputS3URL) and the output token are credentials and
// print masked, as do credential headers and query parameters of the
// user's request.
//
// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/olap-event-context.html.
//
//evplugin:derived Operation
type ObjectLambdaEvent struct {
	lossless.Extra
	RequestID            string                    `json:"xAmzRequestId"`
	GetObjectContext     *GetObjectContext         `json:"getObjectContext"`
	HeadObjectContext    *ObjectContext            `json:"headObjectContext"`
	ListObjectsContext   *ObjectContext            `json:"listObjectsContext"`
	ListObjectsV2Context *ObjectContext            `json:"listObjectsV2Context"`
	Configuration        ObjectLambdaConfiguration `json:"configuration"`
	UserRequest          UserRequest               `json:"userRequest"`
	UserIdentity         ObjectLambdaIdentity      `json:"userIdentity"`
	ProtocolVersion      string                    `json:"protocolVersion"`
}

// GetObjectContext is the context of a GetObject request. InputS3URL is a
// presigned URL, signed with the caller's identity, that fetches the
// original object; OutputRoute and OutputToken are the RequestRoute and
// RequestToken of the WriteGetObjectResponse call that answers the caller
// (the token is single-use).
type GetObjectContext struct {
	lossless.Extra
	InputS3URL  string `json:"inputS3Url" sensitive:"true"`
	OutputRoute string `json:"outputRoute"`
	OutputToken string `json:"outputToken" sensitive:"true"`
}

// ObjectContext is the context of a HeadObject, ListObjects or
// ListObjectsV2 request: InputS3URL is a presigned URL that makes the
// original request to S3.
type ObjectContext struct {
	lossless.Extra
	InputS3URL string `json:"inputS3Url" sensitive:"true"`
}

// ObjectLambdaConfiguration is the Object Lambda access point's
// configuration. Payload is the access point's custom data, an opaque
// string ([ObjectLambdaConfiguration.JSONPayload] decodes JSON).
type ObjectLambdaConfiguration struct {
	lossless.Extra
	AccessPointARN           string `json:"accessPointArn"`
	SupportingAccessPointARN string `json:"supportingAccessPointArn"`
	Payload                  string `json:"payload"`
}

// UserRequest is the original request to the access point: URL is its
// decoded URL (S3 documents that it leaves out authorization query
// parameters), Headers its headers, original casing kept, repeated ones
// joined with commas (S3 leaves out authorization headers too; the
// printer masks any that come).
type UserRequest struct {
	lossless.Extra
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
}

// ObjectLambdaIdentity is the identity that made the request, as CloudTrail
// records it. UserName is absent for assumed roles; SessionContext is
// present for temporary credentials; InvokedBy names the AWS service that
// made the request on a user's behalf.
type ObjectLambdaIdentity struct {
	lossless.Extra
	Type           string          `json:"type"`
	PrincipalID    string          `json:"principalId"`
	ARN            string          `json:"arn"`
	AccountID      string          `json:"accountId"`
	AccessKeyID    string          `json:"accessKeyId"`
	UserName       string          `json:"userName"`
	InvokedBy      string          `json:"invokedBy"`
	SessionContext *SessionContext `json:"sessionContext"`
}

// SessionContext describes the session of temporary credentials.
type SessionContext struct {
	lossless.Extra
	Attributes    SessionAttributes `json:"attributes"`
	SessionIssuer *SessionIssuer    `json:"sessionIssuer"`
}

// SessionAttributes are when the credentials were issued (CreationDate,
// as CloudTrail writes it) and whether with MFA ("true" or "false").
type SessionAttributes struct {
	lossless.Extra
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// SessionIssuer is the identity (a role, usually) that issued the
// temporary credentials.
type SessionIssuer struct {
	lossless.Extra
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// WriteGetObjectRoute holds the members of the S3 WriteGetObjectResponse
// call that answer a GetObject request: a handler passes them on as the
// SDK's RequestRoute and RequestToken, with its status, headers and body.
// RequestToken prints masked.
type WriteGetObjectRoute struct {
	RequestRoute string
	RequestToken string `sensitive:"true"`
}

// Operation names the request the access point received: one of the
// Operation constants, from the context the event carries. An event with
// none, or with more than one, is an error.
func (e ObjectLambdaEvent) Operation() (string, error) {
	var ops []string
	if e.GetObjectContext != nil {
		ops = append(ops, OperationGetObject)
	}
	if e.HeadObjectContext != nil {
		ops = append(ops, OperationHeadObject)
	}
	if e.ListObjectsContext != nil {
		ops = append(ops, OperationListObjects)
	}
	if e.ListObjectsV2Context != nil {
		ops = append(ops, OperationListObjectsV2)
	}
	switch len(ops) {
	case 0:
		return "", errors.New("s3: the Object Lambda event has no operation context")
	case 1:
		return ops[0], nil
	}
	return "", fmt.Errorf("s3: the Object Lambda event has the contexts of %s", strings.Join(ops, ", "))
}

// InputS3URL returns the presigned URL of the event's operation context,
// which fetches the original object (GetObject, HeadObject) or listing
// from S3 with the caller's permissions.
func (e ObjectLambdaEvent) InputS3URL() (string, error) {
	op, err := e.Operation()
	if err != nil {
		return "", err
	}
	var u string
	switch op {
	case OperationGetObject:
		u = e.GetObjectContext.InputS3URL
	case OperationHeadObject:
		u = e.HeadObjectContext.InputS3URL
	case OperationListObjects:
		u = e.ListObjectsContext.InputS3URL
	default:
		u = e.ListObjectsV2Context.InputS3URL
	}
	if u == "" {
		return "", fmt.Errorf("s3: the %s context has no inputS3Url", op)
	}
	return u, nil
}

// WriteGetObjectRoute returns the route and token of the
// WriteGetObjectResponse call that answers a GetObject request. An event
// of another operation, or without them, is an error.
func (e ObjectLambdaEvent) WriteGetObjectRoute() (WriteGetObjectRoute, error) {
	c := e.GetObjectContext
	if c == nil {
		return WriteGetObjectRoute{}, errors.New("s3: the Object Lambda event is no GetObject request")
	}
	if c.OutputRoute == "" || c.OutputToken == "" {
		return WriteGetObjectRoute{}, errors.New("s3: the GetObject context lacks outputRoute or outputToken")
	}
	return WriteGetObjectRoute{RequestRoute: c.OutputRoute, RequestToken: c.OutputToken}, nil
}

// JSONPayload decodes Payload, when the access point's custom data is a
// JSON document, into v. An empty payload is [body.ErrEmpty].
func (c ObjectLambdaConfiguration) JSONPayload(v any) error {
	return body.DecodeJSON(c.Payload, false, v)
}

// ParsedURL is URL parsed: a full URL, or a path with its query.
func (r UserRequest) ParsedURL() (*url.URL, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("s3: userRequest.url: %w", err)
	}
	return u, nil
}

// Header returns the value of a header of the user's request, its name
// matched case-insensitively; repeated headers arrive joined with commas.
func (r UserRequest) Header(name string) (string, bool) { return header.Get(r.Headers, name) }

// HeaderValues returns the values of a header of the user's request, its
// name matched case-insensitively, split at the commas S3 joined them
// with.
func (r UserRequest) HeaderValues(name string) []string { return httpreq.HeaderValues(r.Headers, name) }

// Redacted gives the printer URL with the values of its credential query
// parameters masked, names kept, for a URL the printer would not mask by
// itself: a path with a query ("/photo.jpg?X-Amz-Signature=[SENSITIVE]").
func (r UserRequest) Redacted() map[string]string {
	base, query, found := strings.Cut(r.URL, "?")
	if !found {
		return nil
	}
	query, fragment, hasFragment := strings.Cut(query, "#")
	q, ok := httpreq.RedactQuery(query, printer.Sensitive)
	if !ok {
		return nil
	}
	u := base + "?" + q
	if hasFragment {
		u += "#" + fragment
	}
	return map[string]string{"url": u}
}
