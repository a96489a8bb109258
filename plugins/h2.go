package plugins

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"time"

	"golang.org/x/net/http2/hpack"
)

// A client side of HTTP/2 (RFC 9113) for the host's gRPC calls: one
// connection, requests of a single message, responses of messages and
// trailers. net/http's HTTP/2 client, which the host used before, starts a
// goroutine for every request and writes its headers and its body in two
// TLS records, which made a plugin's round trip 1.2x slower than with
// grpc-go; this one writes a request in one record from the caller's
// goroutine, and reads on one goroutine per connection.
//
// What it does not do: server push (refused in its settings), priorities
// (ignored), request trailers, and more streams than the peer allows (a
// plugin serves one host: grpc-go's servers allow any number).

// HTTP/2 frame types and flags.
const (
	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePushPromise  = 0x5
	framePing         = 0x6
	frameGoAway       = 0x7
	frameWindowUpdate = 0x8
	frameContinuation = 0x9

	flagEndStream  = 0x1
	flagAck        = 0x1
	flagEndHeaders = 0x4
	flagPadded     = 0x8
	flagPriority   = 0x20

	settingHeaderTableSize   = 0x1
	settingEnablePush        = 0x2
	settingInitialWindowSize = 0x4
	settingMaxFrameSize      = 0x5

	errCodeCancel = 0x8

	// h2MaxFrame is the largest frame the host accepts, HTTP/2's default.
	h2MaxFrame = 16384
	// h2StreamWindow and h2ConnWindow are the receive windows the host
	// grants: what a plugin may send before the host says it has read it.
	h2StreamWindow = 4 << 20
	h2ConnWindow   = 16 << 20
	// h2MaxHeaderBlock bounds a block of headers or trailers.
	h2MaxHeaderBlock = 1 << 20
)

const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// h2Conn is an HTTP/2 client connection.
type h2Conn struct {
	conn net.Conn
	br   *bufio.Reader

	wmu  sync.Mutex // guards the writing side: bw, henc, hbuf, the order of stream IDs
	bw   *bufio.Writer
	henc *hpack.Encoder
	hbuf bytes.Buffer

	mu       sync.Mutex // guards what follows
	streams  map[uint32]*h2Stream
	nextID   uint32
	sendWin  int64         // the connection's send window
	initWin  int64         // the peer's initial stream window
	maxFrame int           // the largest frame the peer accepts
	window   chan struct{} // closed, and replaced, when a send window grows
	err      error         // why the connection is done, once it is
	goAway   bool          // the peer takes no new streams
	done     chan struct{} // closed when the read loop ends
}

// h2Stream is one request and its response.
type h2Stream struct {
	id      uint32
	sendWin int64
	signal  chan struct{} // receives a token when what follows changes

	// guarded by the connection's mu
	header, trailer map[string]string
	buf             []byte // response body read, not yet taken
	end             bool   // the response is complete
	err             error  // the stream failed
	unacked         int    // bytes received, not yet granted again
}

// newH2Conn starts HTTP/2 on conn, whose TLS handshake negotiated "h2".
func newH2Conn(conn net.Conn) (*h2Conn, error) {
	c := &h2Conn{
		conn:     conn,
		br:       bufio.NewReaderSize(conn, 32<<10),
		bw:       bufio.NewWriterSize(conn, 32<<10),
		streams:  map[uint32]*h2Stream{},
		nextID:   1,
		sendWin:  65535,
		initWin:  65535,
		maxFrame: 16384,
		window:   make(chan struct{}),
		done:     make(chan struct{}),
	}
	c.henc = hpack.NewEncoder(&c.hbuf)
	c.bw.WriteString(h2Preface)
	var settings []byte
	settings = appendSetting(settings, settingEnablePush, 0)
	settings = appendSetting(settings, settingInitialWindowSize, h2StreamWindow)
	c.writeFrame(frameSettings, 0, 0, settings)
	c.writeFrame(frameWindowUpdate, 0, 0, binary.BigEndian.AppendUint32(nil, h2ConnWindow-65535))
	if err := c.bw.Flush(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	go c.readLoop()
	return c, nil
}

func appendSetting(b []byte, id uint16, v uint32) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint16(b, id), v)
}

// writeFrame buffers a frame; the caller holds wmu, or is alone.
func (c *h2Conn) writeFrame(typ, flags byte, id uint32, payload []byte) {
	var h [9]byte
	h[0], h[1], h[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	h[3], h[4] = typ, flags
	binary.BigEndian.PutUint32(h[5:], id&(1<<31-1))
	c.bw.Write(h[:])
	c.bw.Write(payload)
}

// failed returns the connection's error, once it is done.
func (c *h2Conn) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// usable reports whether the connection takes new streams.
func (c *h2Conn) usable() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err == nil && !c.goAway
}

// close ends the connection; its streams fail with err.
func (c *h2Conn) close(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	for _, s := range c.streams {
		if s.err == nil && !s.end {
			s.err = c.err
		}
		s.notify()
	}
	c.mu.Unlock()
	_ = c.conn.Close()
}

func (s *h2Stream) notify() {
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// request sends a request: headers and a body of one gRPC message, with
// END_STREAM. It returns the stream of its response.
func (c *h2Conn) request(ctx context.Context, headers [][2]string, body []byte) (*h2Stream, error) {
	c.wmu.Lock()
	c.mu.Lock()
	if c.err != nil || c.goAway {
		err := c.err
		if err == nil {
			err = errors.New("http2: the plugin is going away")
		}
		c.mu.Unlock()
		c.wmu.Unlock()
		return nil, err
	}
	s := &h2Stream{id: c.nextID, sendWin: c.initWin, signal: make(chan struct{}, 1)}
	c.nextID += 2
	c.streams[s.id] = s
	maxFrame := c.maxFrame
	c.mu.Unlock()

	c.hbuf.Reset()
	for _, h := range headers {
		_ = c.henc.WriteField(hpack.HeaderField{Name: h[0], Value: h[1]})
	}
	block := c.hbuf.Bytes()
	first := true
	for first || len(block) > 0 {
		n := min(len(block), maxFrame)
		typ, flags := byte(frameContinuation), byte(0)
		if first {
			typ = frameHeaders
		}
		if n == len(block) {
			flags |= flagEndHeaders
		}
		c.writeFrame(typ, flags, s.id, block[:n])
		block, first = block[n:], false
	}
	for {
		n, wait := c.reserve(s, len(body), maxFrame)
		if n > 0 || len(body) == 0 {
			flags := byte(0)
			if n == len(body) {
				flags = flagEndStream
			}
			c.writeFrame(frameData, flags, s.id, body[:n])
			body = body[n:]
			if flags == flagEndStream {
				break
			}
			continue
		}
		// Out of window: send what is buffered and wait for more.
		err := c.bw.Flush()
		c.wmu.Unlock()
		if err != nil {
			c.close(err)
			c.forget(s)
			return nil, err
		}
		select {
		case <-wait:
		case <-c.done:
		case <-ctx.Done():
			c.cancel(s)
			return nil, ctx.Err()
		}
		c.wmu.Lock()
		if err := c.failed(); err != nil {
			c.wmu.Unlock()
			c.forget(s)
			return nil, err
		}
		if c.answered(s) { // the plugin answered, or reset, before the request's end
			c.wmu.Unlock()
			return s, nil
		}
	}
	err := c.bw.Flush()
	c.wmu.Unlock()
	if err != nil {
		c.close(err)
		c.forget(s)
		return nil, err
	}
	return s, nil
}

// reserve takes up to n bytes, at most a frame, of the send windows, and
// returns how many, and a channel closed when the windows grow.
func (c *h2Conn) reserve(s *h2Stream, n, maxFrame int) (int, chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n = int(min(int64(n), int64(maxFrame), c.sendWin, s.sendWin))
	n = max(n, 0)
	c.sendWin -= int64(n)
	s.sendWin -= int64(n)
	return n, c.window
}

// answered reports whether the plugin ended or reset the stream: a server
// may answer before the request's end (grpc-go does, to refuse a message
// over its limit), and the rest of the request is then not sent.
func (c *h2Conn) answered(s *h2Stream) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return s.end || s.err != nil
}

// forget removes a stream that is done.
func (c *h2Conn) forget(s *h2Stream) {
	c.mu.Lock()
	delete(c.streams, s.id)
	c.mu.Unlock()
}

// cancel resets a stream the host gives up on.
func (c *h2Conn) cancel(s *h2Stream) {
	c.mu.Lock()
	_, open := c.streams[s.id]
	delete(c.streams, s.id)
	ended := s.end || s.err != nil || c.err != nil
	c.mu.Unlock()
	if !open || ended {
		return
	}
	c.wmu.Lock()
	c.writeFrame(frameRSTStream, 0, s.id, binary.BigEndian.AppendUint32(nil, errCodeCancel))
	err := c.bw.Flush()
	c.wmu.Unlock()
	if err != nil {
		c.close(err)
	}
}

// headers waits for the response's headers.
func (s *h2Stream) headers(ctx context.Context, c *h2Conn) (map[string]string, error) {
	for {
		c.mu.Lock()
		h, err := s.header, s.err
		c.mu.Unlock()
		switch {
		case h != nil:
			return h, nil
		case err != nil:
			return nil, err
		}
		if err := s.wait(ctx, c); err != nil {
			return nil, err
		}
	}
}

// wait blocks until the stream changes or ctx ends, which cancels the
// stream.
func (s *h2Stream) wait(ctx context.Context, c *h2Conn) error {
	select {
	case <-s.signal:
		return nil
	case <-ctx.Done():
		c.cancel(s)
		return ctx.Err()
	}
}

// next waits for the next message of the response, at most max bytes, and
// returns it; io.EOF once the response ended.
func (s *h2Stream) next(ctx context.Context, c *h2Conn, max int) ([]byte, error) {
	for {
		c.mu.Lock()
		msg, err := s.take(max)
		if msg == nil && err == nil {
			switch {
			case s.err != nil:
				err = s.err
			case s.end && len(s.buf) > 0:
				err = errors.New("grpc: the plugin ended the response within a message")
			case s.end:
				err = io.EOF
			}
		}
		c.mu.Unlock()
		if msg != nil || err != nil {
			return msg, err
		}
		if err := s.wait(ctx, c); err != nil {
			return nil, err
		}
	}
}

// take returns the first message of buf if it is whole; c.mu is held.
func (s *h2Stream) take(max int) ([]byte, error) {
	if len(s.buf) < 5 {
		return nil, nil
	}
	if s.buf[0] != 0 {
		return nil, &rpcError{codeInternal, "the plugin sent a compressed message, which the host did not offer"}
	}
	n := binary.BigEndian.Uint32(s.buf[1:5])
	if uint64(n) > uint64(max) {
		return nil, &rpcError{codeInternal, fmt.Sprintf("the plugin sent a message of %d bytes, over the limit of %d", n, max)}
	}
	if len(s.buf) < 5+int(n) {
		return nil, nil
	}
	msg := s.buf[5 : 5+n : 5+n]
	s.buf = s.buf[5+n:]
	if len(s.buf) == 0 {
		s.buf = nil
	}
	return msg, nil
}

// readLoop reads frames until the connection fails.
func (c *h2Conn) readLoop() {
	defer close(c.done)
	hdec := hpack.NewDecoder(4096, nil)
	hdec.SetMaxStringLength(h2MaxHeaderBlock)
	var (
		head    [9]byte
		payload []byte
		block   []byte // a header block being read
		blockID uint32
		blockES bool
		pending int64 // connection bytes received, not yet granted again
	)
	fail := func(err error) { c.close(err) }
	for {
		if _, err := io.ReadFull(c.br, head[:]); err != nil {
			fail(err)
			return
		}
		size := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
		typ, flags := head[3], head[4]
		id := binary.BigEndian.Uint32(head[5:]) & (1<<31 - 1)
		if size > h2MaxFrame {
			fail(fmt.Errorf("http2: the plugin sent a frame of %d bytes, over %d", size, h2MaxFrame))
			return
		}
		if cap(payload) < size {
			payload = make([]byte, size, h2MaxFrame)
		}
		p := payload[:size]
		if _, err := io.ReadFull(c.br, p); err != nil {
			fail(err)
			return
		}
		if block != nil && typ != frameContinuation {
			fail(errors.New("http2: the plugin interrupted a header block"))
			return
		}
		var err error
		switch typ {
		case frameData:
			pending += int64(size)
			if p, err = unpad(p, flags); err == nil {
				c.data(id, p, size, flags&flagEndStream != 0)
			}
		case frameHeaders:
			if p, err = unpad(p, flags); err != nil {
				break
			}
			if flags&flagPriority != 0 {
				if len(p) < 5 {
					err = errors.New("http2: a short HEADERS frame")
					break
				}
				p = p[5:]
			}
			block, blockID, blockES = append([]byte{}, p...), id, flags&flagEndStream != 0
			if flags&flagEndHeaders != 0 {
				err = c.headers(hdec, blockID, block, blockES)
				block = nil
			}
		case frameContinuation:
			if block == nil || id != blockID {
				err = errors.New("http2: a CONTINUATION frame out of place")
				break
			}
			if block = append(block, p...); len(block) > h2MaxHeaderBlock {
				err = errors.New("http2: a header block over 1 MiB")
				break
			}
			if flags&flagEndHeaders != 0 {
				err = c.headers(hdec, blockID, block, blockES)
				block = nil
			}
		case frameRSTStream:
			if len(p) != 4 {
				err = errors.New("http2: a RST_STREAM frame not of 4 bytes")
				break
			}
			c.reset(id, binary.BigEndian.Uint32(p))
		case frameSettings:
			if flags&flagAck == 0 {
				err = c.settings(p)
			}
		case framePing:
			if flags&flagAck == 0 && len(p) == 8 {
				c.wmu.Lock()
				c.writeFrame(framePing, flagAck, 0, p)
				err = c.bw.Flush()
				c.wmu.Unlock()
			}
		case frameGoAway:
			if len(p) < 8 {
				err = errors.New("http2: a short GOAWAY frame")
				break
			}
			c.goingAway(binary.BigEndian.Uint32(p) & (1<<31 - 1))
		case frameWindowUpdate:
			if len(p) != 4 {
				err = errors.New("http2: a WINDOW_UPDATE frame not of 4 bytes")
				break
			}
			c.grow(id, int64(binary.BigEndian.Uint32(p)&(1<<31-1)))
		case framePushPromise:
			err = errors.New("http2: the plugin pushed, which the host refused")
		}
		if err != nil {
			fail(err)
			return
		}
		// Grant again what was read, a quarter of a window at a time, once
		// nothing more is waiting to be read.
		if c.br.Buffered() == 0 {
			if err := c.grant(&pending); err != nil {
				fail(err)
				return
			}
		}
	}
}

// unpad strips the padding of a DATA or HEADERS frame.
func unpad(p []byte, flags byte) ([]byte, error) {
	if flags&flagPadded == 0 {
		return p, nil
	}
	if len(p) < 1 || int(p[0]) >= len(p) {
		return nil, errors.New("http2: bad padding")
	}
	return p[1 : len(p)-int(p[0])], nil
}

// data adds a DATA frame's payload to its stream.
func (c *h2Conn) data(id uint32, p []byte, size int, end bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.streams[id]
	if s == nil || s.err != nil {
		return // a stream the host gave up on
	}
	s.unacked += size
	if len(s.buf)+len(p) > MaxMessageSize+5+h2MaxFrame {
		s.err = &rpcError{codeInternal, "the plugin sent more than a message can hold"}
	} else {
		if len(s.buf) < 5 && len(s.buf)+len(p) >= 5 { // a message starts: make room for it whole
			var head [5]byte
			copy(head[copy(head[:], s.buf):], p)
			if n := int(binary.BigEndian.Uint32(head[1:])); n <= MaxMessageSize {
				s.buf = slices.Grow(s.buf, 5+n)
			}
		}
		s.buf = append(s.buf, p...)
	}
	s.end = s.end || end
	s.notify()
}

// headers decodes a header block and gives it to its stream: the first
// block is the response's headers, the next one its trailers.
func (c *h2Conn) headers(hdec *hpack.Decoder, id uint32, block []byte, end bool) error {
	fields := map[string]string{}
	hdec.SetEmitFunc(func(f hpack.HeaderField) { fields[f.Name] = f.Value })
	if _, err := hdec.Write(block); err != nil {
		return fmt.Errorf("http2: %w", err)
	}
	if err := hdec.Close(); err != nil {
		return fmt.Errorf("http2: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.streams[id]
	if s == nil {
		return nil
	}
	if s.header == nil {
		s.header = fields
	} else {
		s.trailer = fields
		end = true
	}
	s.end = s.end || end
	s.notify()
	if end {
		c.widened() // a request waiting for window stops
	}
	return nil
}

// reset ends a stream the plugin reset.
// A reset with no error after a whole response only stops the request.
func (c *h2Conn) reset(id, code uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.streams[id]; s != nil && s.err == nil && (code != 0 || !s.end) {
		s.err = fmt.Errorf("http2: the plugin reset the stream (error code %d)", code)
		s.notify()
	}
	c.widened() // a request waiting for window stops
}

// settings applies the plugin's settings and acknowledges them.
func (c *h2Conn) settings(p []byte) error {
	if len(p)%6 != 0 {
		return errors.New("http2: a SETTINGS frame not of 6-byte entries")
	}
	tableSize := int64(-1)
	c.mu.Lock()
	for ; len(p) > 0; p = p[6:] {
		v := binary.BigEndian.Uint32(p[2:])
		switch binary.BigEndian.Uint16(p) {
		case settingHeaderTableSize:
			tableSize = int64(v)
		case settingInitialWindowSize:
			if v > 1<<31-1 {
				c.mu.Unlock()
				return errors.New("http2: an initial window over 2^31-1")
			}
			delta := int64(v) - c.initWin
			c.initWin = int64(v)
			for _, s := range c.streams {
				s.sendWin += delta
			}
		case settingMaxFrameSize:
			if v < 16384 || v > 1<<24-1 {
				c.mu.Unlock()
				return errors.New("http2: a max frame size out of range")
			}
			c.maxFrame = int(v)
		}
	}
	c.widened()
	c.mu.Unlock()
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if tableSize >= 0 { // the encoder's table follows, in the next block
		c.henc.SetMaxDynamicTableSizeLimit(uint32(min(tableSize, 4096)))
	}
	c.writeFrame(frameSettings, flagAck, 0, nil)
	return c.bw.Flush()
}

// goingAway fails the streams the plugin will not answer, and takes no
// new ones.
func (c *h2Conn) goingAway(last uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.goAway = true
	for id, s := range c.streams {
		if id > last && s.err == nil {
			s.err = errors.New("http2: the plugin is going away")
			s.notify()
		}
	}
}

// grow adds to a send window.
func (c *h2Conn) grow(id uint32, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id == 0 {
		c.sendWin += n
	} else if s := c.streams[id]; s != nil {
		s.sendWin += n
	}
	c.widened()
}

// widened wakes the writers waiting for window; c.mu is held.
func (c *h2Conn) widened() {
	close(c.window)
	c.window = make(chan struct{})
}

// grant tells the plugin it may send again what the host read, for the
// connection and each stream, once that is a quarter of a window.
func (c *h2Conn) grant(pending *int64) error {
	var b []byte
	c.mu.Lock()
	if *pending >= h2ConnWindow/4 {
		b = appendWindowUpdate(b, 0, uint32(*pending))
		*pending = 0
	}
	for id, s := range c.streams {
		if s.unacked >= h2StreamWindow/4 && !s.end && s.err == nil {
			b = appendWindowUpdate(b, id, uint32(s.unacked))
			s.unacked = 0
		}
	}
	c.mu.Unlock()
	if b == nil {
		return nil
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.bw.Write(b)
	return c.bw.Flush()
}

func appendWindowUpdate(b []byte, id, n uint32) []byte {
	b = append(b, 0, 0, 4, frameWindowUpdate, 0)
	b = binary.BigEndian.AppendUint32(b, id)
	return binary.BigEndian.AppendUint32(b, n)
}

// deadlineHeader is the grpc-timeout header of ctx's deadline, if any.
func deadlineHeader(ctx context.Context, headers [][2]string) [][2]string {
	if dl, ok := ctx.Deadline(); ok {
		headers = append(headers, [2]string{"grpc-timeout", encodeTimeout(time.Until(dl))})
	}
	return headers
}
