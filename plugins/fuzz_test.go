package plugins

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/protobuf/proto"

	pb "github.com/evplugin/evplugin/plugins/proto"
)

// h2Frame returns one HTTP/2 frame, as a plugin's server writes it.
func h2Frame(typ, flags byte, id uint32, payload []byte) []byte {
	b := []byte{byte(len(payload) >> 16), byte(len(payload) >> 8), byte(len(payload)), typ, flags}
	b = binary.BigEndian.AppendUint32(b, id)
	return append(b, payload...)
}

// h2Answer is what a gRPC server sends for one call on stream 1: its
// settings, the response headers, msg as one message, then the trailers
// with status code.
func h2Answer(msg []byte, status string) []byte {
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	field := func(k, v string) { _ = enc.WriteField(hpack.HeaderField{Name: k, Value: v}) }
	field(":status", "200")
	field("content-type", "application/grpc")
	out := h2Frame(frameSettings, 0, 0, nil)
	out = append(out, h2Frame(frameHeaders, flagEndHeaders, 1, block.Bytes())...)
	out = append(out, h2Frame(frameData, 0, 1, frame(msg))...)
	block.Reset()
	field("grpc-status", status)
	field("grpc-message", "it%20failed")
	return append(out, h2Frame(frameHeaders, flagEndHeaders|flagEndStream, 1, block.Bytes())...)
}

// callOver makes one gRPC call on a connection whose server side reads the
// request and answers with the bytes of answer. With hangUp the server
// closes the connection at once after answering (a plugin that dies), so
// the call may end in a transport error even after a whole answer;
// without, it keeps the connection until the call returns, and an answer
// cut short ends by the call's deadline.
func callOver(answer []byte, hangUp bool) ([]byte, error) {
	client, server := net.Pipe()
	defer server.Close()
	go func() {
		if readRequest(server) == nil {
			_, _ = server.Write(answer)
		}
		if hangUp {
			_ = server.Close()
		}
	}()
	rpc := newRPCConn(&dialer{first: client}, 1<<20)
	defer rpc.close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return rpc.invoke(ctx, "/plugin.Plugin/Decode", []byte("request"))
}

// readRequest reads the client's preface and frames up to the end of its
// request (a frame with END_STREAM on a stream), then drains the rest in
// the background.
func readRequest(server net.Conn) error {
	if _, err := io.ReadFull(server, make([]byte, len(h2Preface))); err != nil {
		return err
	}
	for {
		var head [9]byte
		if _, err := io.ReadFull(server, head[:]); err != nil {
			return err
		}
		size := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
		if _, err := io.ReadFull(server, make([]byte, size)); err != nil {
			return err
		}
		if head[3] == frameData && head[4]&flagEndStream != 0 {
			go func() { _, _ = io.Copy(io.Discard, server) }()
			return nil
		}
	}
}

func TestCallOverPipe(t *testing.T) {
	msg, err := callOver(h2Answer([]byte("answer"), "0"), false)
	require.NoError(t, err)
	assert.Equal(t, "answer", string(msg))
	_, err = callOver(h2Answer([]byte("answer"), "3"), false)
	assert.Equal(t, rpcCode(3), codeOf(err))
	assert.Equal(t, "it failed", messageOf(err))
}

// FuzzH2Answer: whatever a plugin's server writes back, the call returns
// (an answer or an error, within its deadline) and nothing panics. The
// seeds are a whole answer, one with a failure status, and pieces of one.
func FuzzH2Answer(f *testing.F) {
	ok := h2Answer([]byte(`{"a":1}`), "0")
	f.Add(ok)
	f.Add(h2Answer(nil, "13"))
	f.Add(ok[:len(ok)/2])
	f.Add(h2Frame(frameGoAway, 0, 0, make([]byte, 8)))
	f.Add(append(h2Frame(frameSettings, 0, 0, nil), h2Frame(frameHeaders, flagPadded, 1, []byte{200})...))
	f.Fuzz(func(t *testing.T, answer []byte) {
		_, _ = callOver(answer, true) // bounded by its context: a hang is go test's timeout
	})
}

// FuzzWire: the hand-written message decoders never panic, and where the
// generated code reads a message, they read the same values.
func FuzzWire(f *testing.F) {
	b, _ := proto.Marshal(&pb.DecodeResponse{Document: []byte(`{"a":1}`), Error: "no"})
	f.Add(b)
	b, _ = proto.Marshal(&pb.DescribeResponse{Sources: []*pb.SourceDescriptor{{Id: "a", Title: "t", Rule: []byte(`{}`), Priority: -3, SensitivePaths: []string{"x"}}}})
	f.Add(b)
	f.Add([]byte{0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, msg, err := decodeDecodeResponse(b)
		var want pb.DecodeResponse
		if err == nil && proto.Unmarshal(b, &want) == nil {
			assert.Equal(t, string(want.GetDocument()), string(doc))
			assert.Equal(t, want.GetError(), msg)
		}
		ds, err := decodeDescribeResponse(b)
		var wantD pb.DescribeResponse
		if err == nil && proto.Unmarshal(b, &wantD) == nil {
			require.Len(t, ds, len(wantD.GetSources()))
			for i, s := range wantD.GetSources() {
				assert.Equal(t, s.GetId(), ds[i].id)
				assert.Equal(t, s.GetPriority(), ds[i].priority)
			}
		}
	})
}
