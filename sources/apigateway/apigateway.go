// Package apigateway models the events Amazon API Gateway sends to Lambda
// proxy integrations, and the responses it expects back.
//
//	aws.apigateway.rest  RESTEvent  https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
//	aws.apigateway.http  HTTPEvent  https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//	aws.apigateway.websocket  WebSocketEvent  https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integrations.html
//	aws.apigateway.authorizer.websocket  WebSocketAuthorizerEvent  https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
//	aws.apigateway.authorizer.token    TokenAuthorizerEvent    https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
//	aws.apigateway.authorizer.request  RequestAuthorizerEvent  https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
//	aws.apigateway.authorizer.http     HTTPAuthorizerEvent     https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
//
// A REST API, and an HTTP API whose integration uses payload format 1.0,
// send a [RESTEvent] and expect a [RESTResponse]; an HTTP API with payload
// format 2.0 sends an [HTTPEvent] and expects an [HTTPResponse]. Lambda
// function URLs send events of the 2.0 shape: they are the source
// aws.lambda.url of package sources/lambdaurl, which reuses the pieces
// here ([ClientCertificate], [IAMAuthorizer], [HTTPDescription]).
//
// A WebSocket API sends a [WebSocketEvent] on $connect, on $disconnect and
// for each message (its $default or custom route), and expects a
// [WebSocketResponse]; the function talks back to the client through the
// Management API ([WebSocketEvent.CallbackURL]). The Lambda authorizer of
// its $connect route receives a [WebSocketAuthorizerEvent], whose method
// ARN ends with the route key instead of an HTTP method. Both carry a
// [WebSocketRequestContext].
//
// Lambda authorizers get a [TokenAuthorizerEvent] (REST API, TOKEN), a
// [RequestAuthorizerEvent] (REST API, REQUEST; and HTTP APIs whose
// authorizer uses payload format 1.0, which AWS made the REST shape with
// version "1.0": they are the same source, told apart by
// [RequestAuthorizerEvent.FromHTTPAPI]) or an [HTTPAuthorizerEvent] (HTTP
// API, payload format 2.0). They answer with an IAM policy built by
// [NewAuthorizerResponse] (or [NewWebSocketAuthorizerResponse] for a
// WebSocket API's $connect), a [SimpleAuthorizerResponse] (HTTP APIs,
// payload format 2.0), or [ErrUnauthorized] for 401. [ParseMethodARN]
// parses the ARNs they carry, keeping the partition.
//
// The events share their request helpers through embedded structs, whose
// members and methods are the event's: [RequestParamsV1] holds the header
// and query maps of payload format 1.0 (REST, REQUEST authorizer and
// WebSocket events), [RequestParamsV2] those of payload format 2.0 (HTTP
// API events and authorizers), [RouteVariables] the path parameters and
// stage variables.
//
// Header maps keep the casing the request had; [RequestParamsV1.Header] and
// [RequestParamsV2.Header] look names up case-insensitively. The printer masks
// the values of the Authorization, Proxy-Authorization, Cookie, X-Api-Key
// and X-Amz-Security-Token headers, the cookies array, the caller's API
// key, every value under requestContext.authorizer (claims, a Lambda
// authorizer's context, the IAM signer; their names stay visible) and the
// credential query parameters (code, access_token, id_token, token,
// X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, in any case) in
// the query maps and inside rawQueryString, names kept; and in authorizer
// inputs the token (authorizationToken) and the identity source values.
// This holds for the WebSocket events too, whose $connect credentials often
// ride in the query string, as browsers cannot set headers on a WebSocket.
//
// The REST and HTTP API events serve net/http handlers through
// evplugin.HTTPHandler: their HTTPRequest methods build the *http.Request,
// their HTTPResponse methods shape the handler's answer as a [RESTResponse]
// or an [HTTPResponse], and [RESTEvent.HTTPStreamPrelude] starts a streamed
// REST response ([StreamMetadata]).
package apigateway

//go:generate go run ../internal/genlossless

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// ClientCertificate is the client certificate of a request made with
// mutual TLS on a custom domain name.
type ClientCertificate struct {
	lossless.Extra
	ClientCertPEM string               `json:"clientCertPem"`
	SubjectDN     string               `json:"subjectDN"`
	IssuerDN      string               `json:"issuerDN"`
	SerialNumber  string               `json:"serialNumber"`
	Validity      *CertificateValidity `json:"validity"`
}

// Certificate parses ClientCertPEM, the PEM-encoded certificate.
func (c ClientCertificate) Certificate() (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(c.ClientCertPEM))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("apigateway: clientCertPem holds no PEM certificate")
	}
	return x509.ParseCertificate(block.Bytes)
}

// CertificateValidity is the validity period of a client certificate, in
// the OpenSSL text form ("May 28 12:30:02 2019 GMT").
//
//evplugin:derived NotBeforeTime NotAfterTime
type CertificateValidity struct {
	lossless.Extra
	NotBefore string `json:"notBefore"`
	NotAfter  string `json:"notAfter"`
}

// NotBeforeTime is NotBefore as a time.
func (v CertificateValidity) NotBeforeTime() (time.Time, error) { return certTime(v.NotBefore) }

// NotAfterTime is NotAfter as a time.
func (v CertificateValidity) NotAfterTime() (time.Time, error) { return certTime(v.NotAfter) }

func certTime(s string) (time.Time, error) {
	t, err := time.Parse("Jan _2 15:04:05 2006 MST", s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// IAMAuthorizer describes the AWS credentials that signed a request to a
// route (HTTP API) or function URL using IAM authorization.
type IAMAuthorizer struct {
	lossless.Extra
	AccessKey       string           `json:"accessKey"`
	AccountID       string           `json:"accountId"`
	CallerID        string           `json:"callerId"`
	CognitoIdentity *CognitoIdentity `json:"cognitoIdentity"`
	PrincipalOrgID  string           `json:"principalOrgId"`
	UserARN         string           `json:"userArn"`
	UserID          string           `json:"userId"`
}

// CognitoIdentity is the Amazon Cognito identity of credentials obtained
// from an identity pool.
type CognitoIdentity struct {
	lossless.Extra
	AMR            []string `json:"amr"`
	IdentityID     string   `json:"identityId"`
	IdentityPoolID string   `json:"identityPoolId"`
}

// HTTPDescription is the requestContext.http object of payload format 2.0.
type HTTPDescription struct {
	lossless.Extra
	Method    string `json:"method"`
	Path      string `json:"path"`
	Protocol  string `json:"protocol"`
	SourceIP  string `json:"sourceIp"`
	UserAgent string `json:"userAgent"`
}

// Authentication holds the client certificate of a mutual TLS request in
// payload format 2.0.
type Authentication struct {
	lossless.Extra
	ClientCert *ClientCertificate `json:"clientCert"`
}

// claimString renders a claim as text: strings as they are, numbers with
// their digits, booleans as true/false, anything else as JSON.
func claimString(v any) (string, bool) {
	if s, ok := body.Scalar(v); ok || v == nil {
		return s, true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// principalID returns the principalId a Lambda authorizer returned, from
// requestContext.authorizer.
func principalID(a map[string]any) string {
	s, _ := a["principalId"].(string)
	return s
}

// integrationLatency returns how long the Lambda authorizer took, from
// requestContext.authorizer, and whether the event says.
func integrationLatency(a map[string]any) (time.Duration, bool) {
	n, ok := a["integrationLatency"].(json.Number)
	if !ok {
		return 0, false
	}
	ms, err := n.Int64()
	if err != nil {
		return 0, false
	}
	return time.Duration(ms) * time.Millisecond, true
}
