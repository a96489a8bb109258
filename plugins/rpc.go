package plugins

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The gRPC calls of the host, over its own HTTP/2 client (h2.go).
//
// A gRPC call is an HTTP/2 POST to /package.Service/Method with
// content-type application/grpc and "te: trailers"; the request and the
// response bodies are messages, each a byte saying whether it is
// compressed (never, here: the host offers no compression), its length in
// four bytes big-endian, and the protobuf encoding; the outcome is the
// grpc-status trailer (0 is OK) with grpc-message, percent-encoded, or the
// same in the headers of a response without a body ("trailers-only"). A
// deadline travels as grpc-timeout. That is all the host needs of gRPC:
// with grpc-go it linked 13 MB more, and the init of its packages, which
// made a plugin-capable CLI start 1.26x slower than one without plugin
// support, with no plugin named (see bench/README, "CLI start").

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

// rpcConn makes gRPC calls to one plugin, on one HTTP/2 connection (a new
// one if it fails).
type rpcConn struct {
	d   *dialer
	max int // the largest message either way

	mu     sync.Mutex
	h2     *h2Conn
	closed bool
}

func newRPCConn(d *dialer, maxMessage int) *rpcConn { return &rpcConn{d: d, max: maxMessage} }

// conn returns the connection, made anew if there is none that takes
// calls.
func (c *rpcConn) conn(ctx context.Context) (*h2Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("the connection is closed")
	}
	if c.h2 != nil && c.h2.usable() {
		return c.h2, nil
	}
	conn, err := c.d.dial(ctx)
	if err != nil {
		return nil, err
	}
	h, err := newH2Conn(conn)
	if err != nil {
		return nil, err
	}
	c.h2 = h
	return h, nil
}

// close ends the connection and refuses new calls.
func (c *rpcConn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.h2 != nil {
		c.h2.close(errors.New("the connection is closed"))
	}
}

// frame returns msg as the body of a gRPC request: uncompressed, its
// length, its bytes.
func frame(msg []byte) []byte {
	b := make([]byte, 5+len(msg))
	binary.BigEndian.PutUint32(b[1:5], uint32(len(msg)))
	copy(b[5:], msg)
	return b
}

// call is a call under way.
type call struct {
	h *h2Conn
	s *h2Stream
}

// start sends a call's request and waits for the response's headers; a
// response of headers only is a status.
func (c *rpcConn) start(ctx context.Context, method string, req []byte) (call, error) {
	h, err := c.conn(ctx)
	if err != nil {
		return call{}, transportError(ctx, err)
	}
	headers := deadlineHeader(ctx, [][2]string{
		{":method", "POST"}, {":scheme", "https"}, {":path", method}, {":authority", serverName},
		{"content-type", "application/grpc"}, {"te", "trailers"}, {"user-agent", "evplugin"},
	})
	s, err := h.request(ctx, headers, frame(req))
	if err != nil {
		return call{}, transportError(ctx, err)
	}
	cl := call{h, s}
	hdr, err := s.headers(ctx, h)
	if err != nil {
		cl.end()
		return call{}, transportError(ctx, err)
	}
	switch {
	case hdr[":status"] != "200":
		err = &rpcError{codeUnknown, "the plugin answered HTTP status " + hdr[":status"]}
	case !strings.HasPrefix(hdr["content-type"], "application/grpc"):
		err = &rpcError{codeUnknown, fmt.Sprintf("the plugin answered content-type %q", hdr["content-type"])}
	case hdr["grpc-status"] != "": // trailers only
		err = statusOf(hdr)
		if err == nil {
			err = &rpcError{codeInternal, "the plugin ended the call before answering"}
		}
	}
	if err != nil {
		cl.end()
		return call{}, err
	}
	return cl, nil
}

// next returns the next message of the response; io.EOF at its end.
func (cl call) next(ctx context.Context, max int) ([]byte, error) {
	msg, err := cl.s.next(ctx, cl.h, max)
	var re *rpcError
	if err != nil && err != io.EOF && !errors.As(err, &re) {
		err = transportError(ctx, err)
	}
	return msg, err
}

// status is the call's outcome, from the trailers, once the response
// ended.
func (cl call) status() error {
	cl.h.mu.Lock()
	tr := cl.s.trailer
	cl.h.mu.Unlock()
	if tr["grpc-status"] == "" {
		return &rpcError{codeInternal, "the plugin sent no status"}
	}
	return statusOf(tr)
}

// end lets go of the stream, resetting it if the response is not over.
func (cl call) end() { cl.h.cancel(cl.s) }

// invoke makes a unary call and returns the response message.
func (c *rpcConn) invoke(ctx context.Context, method string, req []byte) ([]byte, error) {
	cl, err := c.start(ctx, method, req)
	if err != nil {
		return nil, err
	}
	defer cl.end()
	msg, err := cl.next(ctx, c.max)
	if err == io.EOF {
		if err := cl.status(); err != nil {
			return nil, err
		}
		return nil, &rpcError{codeInternal, "the plugin sent no response message"}
	}
	if err != nil {
		return nil, err
	}
	switch _, err := cl.next(ctx, c.max); {
	case err == nil:
		return nil, &rpcError{codeInternal, "the plugin sent more than one response message"}
	case err != io.EOF:
		return nil, err
	}
	if err := cl.status(); err != nil {
		return nil, err
	}
	return msg, nil
}

// stream makes a call whose response is a stream of messages, and gives
// each to fn until the stream or ctx ends.
func (c *rpcConn) stream(ctx context.Context, method string, req []byte, fn func([]byte)) error {
	cl, err := c.start(ctx, method, req)
	if err != nil {
		return err
	}
	defer cl.end()
	for {
		msg, err := cl.next(ctx, c.max)
		if err == io.EOF {
			return cl.status()
		}
		if err != nil {
			return err
		}
		fn(msg)
	}
}

// statusOf returns the error the grpc-status and grpc-message entries of
// h say, or nil for none or OK.
func statusOf(h map[string]string) error {
	s := h["grpc-status"]
	if s == "" || s == "0" {
		return nil
	}
	code, err := strconv.Atoi(s)
	if err != nil {
		return &rpcError{codeUnknown, "the plugin sent grpc-status " + strconv.Quote(s)}
	}
	return &rpcError{rpcCode(code), unescape(h["grpc-message"])}
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
	}{{"n", time.Nanosecond}, {"u", time.Microsecond}, {"m", time.Millisecond}, {"S", time.Second}, {"M", time.Minute}, {"H", time.Hour}} {
		if n := d / u.d; n < 1e8-1 { // rounded up below
			if d%u.d != 0 {
				n++
			}
			return strconv.FormatInt(int64(n), 10) + u.unit
		}
	}
	return "99999999H" // unreachable: a Duration is under 2^63 ns
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
