package plugins

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The gRPC calls of the host, over net/http's HTTP/2 client.
//
// A gRPC call is an HTTP/2 POST to /package.Service/Method with
// content-type application/grpc and "te: trailers"; the request and the
// response bodies are messages, each a byte saying whether it is
// compressed (never, here: the host offers no compression), its length in
// four bytes big-endian, and the protobuf encoding; the outcome is the
// grpc-status trailer (0 is OK) with grpc-message, percent-encoded, or the
// same in the headers of a response without a body ("trailers-only"). A
// deadline travels as grpc-timeout. That is all the host needs of gRPC,
// and net/http, which the CLI links anyway, speaks HTTP/2: with grpc-go
// the host linked 13 MB more and its packages' init (see bench/README,
// "CLI start").

// rpcCode is a gRPC status code.
type rpcCode int

// The gRPC status codes the host tells apart.
const (
	codeOK               rpcCode = 0
	codeCanceled         rpcCode = 1
	codeUnknown          rpcCode = 2
	codeDeadlineExceeded rpcCode = 4
	codeUnimplemented    rpcCode = 12
	codeInternal         rpcCode = 13
	codeUnavailable      rpcCode = 14
)

var codeNames = [...]string{"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
	"AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
	"Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"}

func (c rpcCode) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "Code(" + strconv.Itoa(int(c)) + ")"
}

// rpcError is a failed call: its status code and message, as grpc-go
// prints them.
type rpcError struct {
	code rpcCode
	msg  string
}

func (e *rpcError) Error() string {
	return fmt.Sprintf("rpc error: code = %s desc = %s", e.code, e.msg)
}

// codeOf returns the status code of a call's error: codeOK for nil,
// codeUnknown for an error that is not a call's.
func codeOf(err error) rpcCode {
	var e *rpcError
	switch {
	case err == nil:
		return codeOK
	case errors.As(err, &e):
		return e.code
	}
	return codeUnknown
}

// messageOf returns the message of a call's error.
func messageOf(err error) string {
	var e *rpcError
	if errors.As(err, &e) {
		return e.msg
	}
	return err.Error()
}

// rpcConn makes gRPC calls to one plugin.
type rpcConn struct {
	tr  *http.Transport
	max int // the largest message either way
}

func newRPCConn(d *dialer, maxMessage int) *rpcConn {
	tr := &http.Transport{
		DialTLSContext:     func(ctx context.Context, _, _ string) (net.Conn, error) { return d.dial(ctx) },
		DisableCompression: true,
		// The plugin's own headers are small; a reply is a message in the body.
		MaxResponseHeaderBytes: 1 << 20,
		Protocols:              new(http.Protocols),
	}
	tr.Protocols.SetHTTP2(true)
	return &rpcConn{tr: tr, max: maxMessage}
}

// frame returns msg as the body of a gRPC request: uncompressed, its
// length, its bytes.
func frame(msg []byte) []byte {
	b := make([]byte, 5+len(msg))
	binary.BigEndian.PutUint32(b[1:5], uint32(len(msg)))
	copy(b[5:], msg)
	return b
}

// start sends a call's request and returns the response, once its headers
// have come; a trailers-only response is a status.
func (c *rpcConn) start(ctx context.Context, method string, req []byte) (*http.Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+serverName+method, bytes.NewReader(frame(req)))
	if err != nil {
		return nil, &rpcError{codeInternal, err.Error()}
	}
	hreq.Header = http.Header{"Content-Type": {"application/grpc"}, "Te": {"trailers"}, "User-Agent": {"evplugin"}}
	if dl, ok := ctx.Deadline(); ok {
		hreq.Header["Grpc-Timeout"] = []string{encodeTimeout(time.Until(dl))}
	}
	resp, err := c.tr.RoundTrip(hreq)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/grpc") {
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, &rpcError{codeUnknown, "the plugin answered HTTP status " + resp.Status}
		}
		return nil, &rpcError{codeUnknown, fmt.Sprintf("the plugin answered content-type %q", resp.Header.Get("Content-Type"))}
	}
	if err := statusOf(resp.Header); err != nil || resp.Header.Get("Grpc-Status") != "" {
		_ = resp.Body.Close()
		if err == nil {
			err = &rpcError{codeInternal, "the plugin ended the call before answering"}
		}
		return nil, err
	}
	return resp, nil
}

// invoke makes a unary call and returns the response message.
func (c *rpcConn) invoke(ctx context.Context, method string, req []byte) ([]byte, error) {
	resp, err := c.start(ctx, method, req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	msg, err := c.read(ctx, resp.Body)
	if err != nil {
		if err == io.EOF {
			if err := c.end(ctx, resp); err != nil {
				return nil, err
			}
			return nil, &rpcError{codeInternal, "the plugin sent no response message"}
		}
		return nil, err
	}
	if err := c.end(ctx, resp); err != nil {
		return nil, err
	}
	return msg, nil
}

// end reads a response to its end, where the status is.
func (c *rpcConn) end(ctx context.Context, resp *http.Response) error {
	var one [1]byte
	n, err := io.ReadFull(resp.Body, one[:])
	switch {
	case n > 0:
		return &rpcError{codeInternal, "the plugin sent more than one response message"}
	case err != io.EOF:
		return transportError(ctx, err)
	}
	if err := statusOf(resp.Trailer); err != nil {
		return err
	}
	if resp.Trailer.Get("Grpc-Status") == "" {
		return &rpcError{codeInternal, "the plugin sent no status"}
	}
	return nil
}

// read reads one message of a response body; io.EOF if there is none.
func (c *rpcConn) read(ctx context.Context, body io.Reader) ([]byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(body, head[:]); err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, transportError(ctx, err)
	}
	if head[0] != 0 {
		return nil, &rpcError{codeInternal, "the plugin sent a compressed message, which the host did not offer"}
	}
	n := binary.BigEndian.Uint32(head[1:])
	if uint64(n) > uint64(c.max) {
		return nil, &rpcError{codeInternal, fmt.Sprintf("the plugin sent a message of %d bytes, over the limit of %d", n, c.max)}
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(body, msg); err != nil {
		return nil, transportError(ctx, err)
	}
	return msg, nil
}

// stream makes a call whose response is a stream of messages, and gives
// each to fn until the stream or ctx ends.
func (c *rpcConn) stream(ctx context.Context, method string, req []byte, fn func([]byte)) error {
	resp, err := c.start(ctx, method, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	for {
		msg, err := c.read(ctx, resp.Body)
		if err == io.EOF {
			return statusOf(resp.Trailer)
		}
		if err != nil {
			return err
		}
		fn(msg)
	}
}

// statusOf returns the error the grpc-status and grpc-message entries of
// h say, or nil for none or OK.
func statusOf(h http.Header) error {
	s := h.Get("Grpc-Status")
	if s == "" || s == "0" {
		return nil
	}
	code, err := strconv.Atoi(s)
	if err != nil {
		return &rpcError{codeUnknown, "the plugin sent grpc-status " + strconv.Quote(s)}
	}
	return &rpcError{rpcCode(code), unescape(h.Get("Grpc-Message"))}
}

// transportError is the status of a call that failed below gRPC: its
// context's, or the connection's (unavailable).
func transportError(ctx context.Context, err error) error {
	// A plugin whose server keeps the deadline (grpc-go does) resets the
	// stream as it passes, maybe before the context notices.
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return &rpcError{codeDeadlineExceeded, "context deadline exceeded"}
	}
	switch ctx.Err() {
	case context.DeadlineExceeded:
		return &rpcError{codeDeadlineExceeded, "context deadline exceeded"}
	case context.Canceled:
		return &rpcError{codeCanceled, "context canceled"}
	}
	return &rpcError{codeUnavailable, err.Error()}
}

// encodeTimeout writes d as a grpc-timeout value: at most 8 digits and a
// unit, rounded up.
func encodeTimeout(d time.Duration) string {
	if d <= 0 {
		return "1n"
	}
	for _, u := range []struct {
		unit string
		d    time.Duration
	}{{"n", time.Nanosecond}, {"u", time.Microsecond}, {"m", time.Millisecond}, {"S", time.Second}, {"M", time.Minute}} {
		if n := (d + u.d - 1) / u.d; n < 1e8 {
			return strconv.FormatInt(int64(n), 10) + u.unit
		}
	}
	return "99999999H"
}

// unescape decodes a grpc-message: %XX is a byte; a % not followed by two
// hex digits stands for itself.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// connSet keeps the connections a dialer made, to close them all when the
// plugin stops: closing an HTTP/2 client's idle connections would leave
// the one carrying the stdio stream.
type connSet struct {
	mu     sync.Mutex
	closed bool
	conns  []net.Conn
}

// add keeps conn, or closes it if the set is closed; it returns whether
// it kept it.
func (s *connSet) add(conn net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		_ = conn.Close()
		return false
	}
	s.conns = append(s.conns, conn)
	return true
}

// close closes every connection, and those added later.
func (s *connSet) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
}
