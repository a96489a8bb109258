package evplugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime"
	"strconv"

	"github.com/evplugin/evplugin/registry"
)

// HTTPRequestEvent is what an event's type implements to be served by a
// net/http handler through [HTTPHandler]. Its methods use standard library
// types only, so this package knows no source: a handler links the sources
// it imports, and a plugin or an application can serve its own events.
type HTTPRequestEvent interface {
	// HTTPRequest returns the request the event carries as net/http's
	// server would give it to a handler, with ctx as its context.
	HTTPRequest(ctx context.Context) (*http.Request, error)
	// HTTPResponse returns a handler's answer (status, headers as the
	// handler set them, body) in the response shape of the event's source,
	// a value encoding/json marshals.
	HTTPResponse(status int, header http.Header, body []byte) (any, error)
}

// HTTPStreamEvent is what an event's type implements, besides
// [HTTPRequestEvent], when its source takes streamed responses
// ([HTTPStreamHandler]).
type HTTPStreamEvent interface {
	HTTPRequestEvent
	// HTTPStreamPrelude returns the metadata (status, headers) that starts
	// a streamed response, a value encoding/json marshals.
	HTTPStreamPrelude(status int, header http.Header) (any, error)
}

// HTTPStreamContentType is the content type of a streamed HTTP response
// ([HTTPStream]): the JSON prelude, 8 NUL bytes, then the body.
const HTTPStreamContentType = "application/vnd.awslambda.http-integration-response"

var (
	// ErrNotHTTP reports an event whose type is not an [HTTPRequestEvent].
	ErrNotHTTP = errors.New("evplugin: not an HTTP request event")
	// ErrNoStream reports an event whose type is not an [HTTPStreamEvent]:
	// its source takes no streamed responses.
	ErrNoStream = errors.New("evplugin: no streamed responses")
)

// HTTPBridge serves HTTP request events (API Gateway REST and HTTP APIs,
// function URLs, Application Load Balancers with or without multi-value
// headers, VPC Lattice with either event structure version, and any source
// whose type is an [HTTPRequestEvent]) with a net/http handler. Its Invoke method is what aws-lambda-go's
// lambda.Start takes; [HTTPHandler] returns one.
//
// For each event, the bridge detects and decodes it, asks it for the
// *http.Request (whose context holds the event: [EventFromRequest],
// [RequestEvent]), runs the handler with a buffering
// http.ResponseWriter and returns the answer in the source's response
// shape. The writer behaves as net/http's: the status is 200 unless the
// handler says otherwise (a handler writing nothing answers 200 with no
// body), headers changed after WriteHeader or the first Write are not
// sent, a missing Content-Type is sniffed from the body
// (http.DetectContentType) unless a Content-Encoding is set, bodies are
// refused for 1xx, 204 and 304 (http.ErrBodyNotAllowed), writes beyond a
// Content-Length set by the handler fail (http.ErrContentLength), and a
// HEAD request answers with the headers only (with the Content-Length of
// what the handler wrote, unless it set one). Informational statuses
// (1xx but 101) are not sent: an integration takes one response. Flush
// does nothing; see [HTTPStreamHandler] to stream.
//
// A handler that panics is recovered, as net/http's server does: the panic
// and its stack are logged, and the response is 500 Internal Server Error
// in text, whatever the handler had written. A panic with
// http.ErrAbortHandler is not logged, and Invoke returns it as an error
// (the integration then answers 502) rather than a response.
type HTTPBridge struct {
	// Handler serves the requests; nil means http.DefaultServeMux.
	Handler http.Handler
	// Registry detects and decodes events; nil means [registry.Default],
	// where the imported source packages register.
	Registry *registry.Registry
	// ErrorLog logs the panics of Handler; nil means the log package's
	// standard logger.
	ErrorLog *log.Logger
}

// HTTPHandler returns a bridge serving HTTP request events with h, for
// aws-lambda-go's lambda.Start, which takes any value with the method
// Invoke(context.Context, []byte) ([]byte, error):
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /orders/{id}", getOrder)
//	lambda.Start(evplugin.HTTPHandler(mux))
//
// Events are detected among the sources of [registry.Default]: import the
// packages of those served (sources/apigateway for REST and HTTP APIs,
// sources/lambdaurl for function URLs, sources/alb for Application Load
// Balancers, sources/vpclattice for VPC Lattice). Each answers in its
// source's response shape: an ALB in the form of the request (every
// Set-Cookie kept with multi-value headers; without them, the form holds
// one, the last), with statusDescription as ALB and VPC Lattice require. An event that is not an HTTP
// request is an error naming its source ([ErrNotHTTP]); one that is not
// detected is the registry's error. See [HTTPBridge] for what the handler
// sees and answers.
func HTTPHandler(h http.Handler) *HTTPBridge { return &HTTPBridge{Handler: h} }

// HTTPStreamHandler returns a handler for aws-lambda-go's lambda.Start
// that streams h's responses: a function URL whose invoke mode is
// RESPONSE_STREAM, or a REST API's Lambda proxy integration with response
// streaming. It is [HTTPBridge.Stream] of [HTTPHandler](h). Import
// sources/lambdaurl: without it, a function URL event is detected as an
// HTTP API's (aws.apigateway.http), which takes no streamed response
// ([ErrNoStream]). Responses stream on the OS-only runtimes
// (provided.al2023, provided.al2); under the retired go1.x runtime,
// aws-lambda-go's RPC mode reads the whole stream and returns it at once.
func HTTPStreamHandler(h http.Handler) func(context.Context, json.RawMessage) (*HTTPStream, error) {
	return HTTPHandler(h).Stream
}

// eventKey is the context key of the event a request came from.
type eventKey struct{}

// EventFromRequest returns the decoded event an [HTTPBridge] served r
// from (such as *apigateway.RESTEvent, *lambdaurl.Event, *alb.Event,
// *vpclattice.EventV2), and whether r
// has one.
func EventFromRequest(r *http.Request) (any, bool) {
	v := r.Context().Value(eventKey{})
	return v, v != nil
}

// RequestEvent returns the decoded event an [HTTPBridge] served r from,
// if it is a *E: RequestEvent[apigateway.HTTPEvent](r). A function URL's
// event is a *lambdaurl.Event (which embeds apigateway.HTTPEvent), not a
// *apigateway.HTTPEvent.
func RequestEvent[E any](r *http.Request) (*E, bool) {
	v, _ := EventFromRequest(r)
	e, ok := v.(*E)
	return e, ok
}

func (b *HTTPBridge) registry() *registry.Registry {
	if b.Registry != nil {
		return b.Registry
	}
	return registry.Default
}

func (b *HTTPBridge) handler() http.Handler {
	if b.Handler != nil {
		return b.Handler
	}
	return http.DefaultServeMux
}

func (b *HTTPBridge) logf(format string, args ...any) {
	if b.ErrorLog != nil {
		b.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}

// request detects and decodes payload, and returns the event and its
// request. what names the caller in errors.
func (b *HTTPBridge) request(ctx context.Context, payload []byte, what string, stream bool) (HTTPRequestEvent, *http.Request, error) {
	reg := b.registry()
	id, err := reg.Detect(payload)
	if err != nil {
		return nil, nil, fmt.Errorf("evplugin: %s: %w", what, err)
	}
	v, err := reg.DecodeAs(id, payload)
	if err != nil {
		return nil, nil, fmt.Errorf("evplugin: %s: %w", what, err)
	}
	ev, ok := v.(HTTPRequestEvent)
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s: source %s (%T) is not served over HTTP (its type has no HTTPRequest and HTTPResponse methods)", ErrNotHTTP, what, id, v)
	}
	if _, ok := v.(HTTPStreamEvent); !ok && stream {
		return nil, nil, fmt.Errorf("%w: %s: source %s (%T) takes no streamed response (its type has no HTTPStreamPrelude method)", ErrNoStream, what, id, v)
	}
	req, err := ev.HTTPRequest(context.WithValue(ctx, eventKey{}, v))
	if err != nil {
		return nil, nil, fmt.Errorf("evplugin: %s: source %s: %w", what, id, err)
	}
	return ev, req, nil
}

const (
	handlerName = "HTTPHandler"
	streamName  = "HTTPStreamHandler"
)

// serve runs the handler, recovering a panic: it returns the value the
// handler panicked with, nil if it did not.
func (b *HTTPBridge) serve(w http.ResponseWriter, req *http.Request) (panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
			if p != http.ErrAbortHandler {
				buf := make([]byte, 64<<10)
				buf = buf[:runtime.Stack(buf, false)]
				b.logf("evplugin: panic serving %s %s: %v\n%s", req.Method, req.URL.Path, p, buf)
			}
		}
	}()
	b.handler().ServeHTTP(w, req)
	return nil
}

// Invoke serves one event, the JSON payload of a Lambda invocation, and
// returns the response as JSON: the method aws-lambda-go's lambda.Start
// calls (its lambda.Handler interface).
func (b *HTTPBridge) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	ev, req, err := b.request(ctx, payload, handlerName, false)
	if err != nil {
		return nil, err
	}
	w := &bufferedWriter{writer: newWriter(req)}
	if p := b.serve(w, req); p != nil {
		if p == http.ErrAbortHandler {
			return nil, fmt.Errorf("evplugin: %s: %w", handlerName, http.ErrAbortHandler)
		}
		w = &bufferedWriter{writer: newWriter(req)}
		internalError(w)
	}
	status, header, body := w.result()
	v, err := ev.HTTPResponse(status, header, body)
	if err != nil {
		return nil, fmt.Errorf("evplugin: %s: %w", handlerName, err)
	}
	return marshal(v)
}

// internalError answers 500 as http.Error does.
func internalError(w http.ResponseWriter) {
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// marshal encodes v as aws-lambda-go encodes handler results: HTML
// characters unescaped, no trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("evplugin: response: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// writer is what the buffering and the streaming response writers share:
// the header map, the status and headers as sent, and net/http's rules
// for them.
type writer struct {
	header        http.Header
	wroteHeader   bool
	status        int
	sent          http.Header // the header when the status was written
	contentLength int64       // set by the handler, -1 if not
	written       int64
	head          bool // a HEAD request: bodies are not sent
}

func newWriter(req *http.Request) writer {
	return writer{header: http.Header{}, contentLength: -1, head: req.Method == http.MethodHead}
}

func (w *writer) Header() http.Header { return w.header }

func (w *writer) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code)) // as net/http
	}
	if w.wroteHeader || code < 200 && code != http.StatusSwitchingProtocols {
		return // superfluous, or informational: one response only
	}
	w.wroteHeader, w.status, w.sent = true, code, w.header.Clone()
	if cl := w.sent.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n >= 0 {
			w.contentLength = n
		}
	}
}

// accept checks a write of n bytes as net/http does.
func (w *writer) accept(n int) error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if n == 0 {
		return nil
	}
	if !bodyAllowed(w.status) {
		return http.ErrBodyNotAllowed
	}
	w.written += int64(n)
	if w.contentLength != -1 && w.written > w.contentLength {
		return http.ErrContentLength
	}
	return nil
}

// sniff sets the Content-Type of the sent header from p, the start of the
// body, when the handler set none, as net/http does.
func (w *writer) sniff(p []byte) {
	if _, ok := w.sent["Content-Type"]; ok || len(p) == 0 || !bodyAllowed(w.status) || w.sent.Get("Content-Encoding") != "" {
		return
	}
	w.sent.Set("Content-Type", http.DetectContentType(p))
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// bufferedWriter is the http.ResponseWriter of [HTTPBridge.Invoke].
type bufferedWriter struct {
	writer
	body bytes.Buffer
}

func (w *bufferedWriter) Write(p []byte) (int, error) {
	if err := w.accept(len(p)); err != nil {
		return 0, err
	}
	return w.body.Write(p)
}

// Flush does nothing: the response leaves when the handler returns.
func (w *bufferedWriter) Flush() {}

// result returns the response as the handler left it.
func (w *bufferedWriter) result() (int, http.Header, []byte) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	body := w.body.Bytes()
	w.sniff(body[:min(len(body), 512)])
	if w.head {
		if _, ok := w.sent["Content-Length"]; !ok && len(body) > 0 {
			w.sent.Set("Content-Length", strconv.Itoa(len(body)))
		}
		body = nil
	}
	return w.status, w.sent, body
}

// HTTPStream is a streamed HTTP response, the result of the handler
// [HTTPStreamHandler] returns: an io.Reader of the JSON prelude (status
// and headers), 8 NUL bytes, then the body as the net/http handler writes
// it, with the ContentType aws-lambda-go sends it under. aws-lambda-go
// reads it to the end and closes it; a caller that stops reading early
// must Close it, or the handler blocks on its next write.
type HTTPStream struct {
	r      *io.PipeReader
	cancel context.CancelFunc
}

// Read reads the stream; it returns io.EOF when the handler has returned,
// and the error that ended the stream otherwise.
func (s *HTTPStream) Read(p []byte) (int, error) { return s.r.Read(p) }

// Close ends the stream: the handler's request context is canceled and its
// further writes fail.
func (s *HTTPStream) Close() error {
	s.cancel()
	return s.r.Close()
}

// ContentType returns [HTTPStreamContentType]; aws-lambda-go sends the
// stream under it.
func (s *HTTPStream) ContentType() string { return HTTPStreamContentType }

// MarshalJSON fails: the stream is not JSON. aws-lambda-go then passes the
// stream on as an io.Reader, as it does its own
// events.LambdaFunctionURLStreamingResponse.
func (s *HTTPStream) MarshalJSON() ([]byte, error) {
	return nil, errors.New("evplugin: an HTTPStream is not JSON")
}

// Stream serves one event, the JSON payload of a Lambda invocation, and
// returns the response as a stream the handler writes while it runs (see
// [HTTPStream]): the prelude leaves at the handler's first Write or
// Flush, or when it returns, with the status and headers as [HTTPBridge]
// describes (Content-Type sniffed from the first write), then every write
// as it happens. The event's source must take streamed responses
// ([HTTPStreamEvent]), else the error is [ErrNoStream].
//
// A handler that panics before its first write answers 500 Internal
// Server Error; after it, the stream ends with an error, as the body was
// already on its way.
func (b *HTTPBridge) Stream(ctx context.Context, payload json.RawMessage) (*HTTPStream, error) {
	ev, req, err := b.request(ctx, payload, streamName, true)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(req.Context())
	req = req.WithContext(ctx)
	pr, pw := io.Pipe()
	w := &streamWriter{writer: newWriter(req), pw: pw, event: ev.(HTTPStreamEvent)}
	go func() {
		defer cancel()
		if p := b.serve(w, req); p != nil {
			if p == http.ErrAbortHandler {
				pw.CloseWithError(fmt.Errorf("evplugin: %s: %w", streamName, http.ErrAbortHandler))
				return
			}
			if w.preludeSent {
				pw.CloseWithError(fmt.Errorf("evplugin: %s: handler panicked: %v", streamName, p))
				return
			}
			w.writer = newWriter(req)
			internalError(w)
		}
		w.end()
	}()
	return &HTTPStream{r: pr, cancel: cancel}, nil
}

// streamWriter is the http.ResponseWriter of [HTTPBridge.Stream].
type streamWriter struct {
	writer
	pw          *io.PipeWriter
	event       HTTPStreamEvent
	preludeSent bool
	err         error // the error that ended the stream
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if err := w.accept(len(p)); err != nil {
		return 0, err
	}
	if !w.preludeSent {
		w.sniff(p[:min(len(p), 512)])
		w.prelude()
	}
	if w.err != nil {
		return 0, w.err
	}
	if w.head {
		return len(p), nil
	}
	n, err := w.pw.Write(p)
	if err != nil {
		w.err = err
	}
	return n, err
}

// Flush sends the prelude if it has not left yet; the body's writes leave
// as they happen.
func (w *streamWriter) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !w.preludeSent {
		w.prelude()
	}
}

// prelude writes the JSON prelude and its 8 NUL bytes.
func (w *streamWriter) prelude() {
	w.preludeSent = true
	v, err := w.event.HTTPStreamPrelude(w.status, w.sent)
	if err != nil {
		w.fail(fmt.Errorf("evplugin: %s: %w", streamName, err))
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.fail(fmt.Errorf("evplugin: %s: prelude: %w", streamName, err))
		return
	}
	if _, err := w.pw.Write(append(b, 0, 0, 0, 0, 0, 0, 0, 0)); err != nil {
		w.err = err
	}
}

func (w *streamWriter) fail(err error) {
	w.err = err
	w.pw.CloseWithError(err)
}

// end finishes the stream when the handler has returned.
func (w *streamWriter) end() {
	if !w.preludeSent {
		w.Flush()
	}
	w.pw.Close() // after CloseWithError, the stream keeps its error
}
