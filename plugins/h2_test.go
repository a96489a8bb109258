package plugins

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestH2Client runs the host's gRPC calls against net/http's HTTP/2
// server, another implementation than the plugins' grpc-go: answers,
// statuses in trailers and in headers alone, trailers over several frames,
// streams, deadlines.
func TestH2Client(t *testing.T) {
	long := strings.Repeat("é", 20000) // 40 KB of trailers: CONTINUATION frames
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/grpc", r.Header.Get("Content-Type"))
		assert.Equal(t, "trailers", r.Header.Get("Te"))
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
		switch r.URL.Path {
		case "/t.S/Echo":
			_, _ = w.Write(body)
			w.Header().Set("Grpc-Status", "0")
		case "/t.S/Fail":
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			w.Header().Set("Grpc-Status", "3")
			w.Header().Set("Grpc-Message", strings.ReplaceAll(escapeForTest(long), " ", "%20"))
		case "/t.S/Unimplemented": // trailers only
			w.Header().Set("Grpc-Status", "12")
			w.Header().Set("Grpc-Message", "no such method")
			w.WriteHeader(http.StatusOK)
		case "/t.S/Stream":
			for _, m := range []string{"a", "bb", "ccc"} {
				_, _ = w.Write(frame([]byte(m)))
				w.(http.Flusher).Flush()
			}
			w.Header().Set("Grpc-Status", "0")
		case "/t.S/Slow":
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	addr := srv.Listener.Addr()
	d := &dialer{addr: addr, tls: &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"h2"}}}
	rpc := newRPCConn(d, 1<<20)
	defer rpc.close()
	ctx := context.Background()

	msg, err := rpc.invoke(ctx, "/t.S/Echo", []byte("hello"))
	require.NoError(t, err)
	assert.Equal(t, "hello", string(msg))
	big := strings.Repeat("x", 300<<10) // over the windows' defaults and a frame
	msg, err = rpc.invoke(ctx, "/t.S/Echo", []byte(big))
	require.NoError(t, err)
	assert.Equal(t, big, string(msg))
	_, err = rpc.invoke(ctx, "/t.S/Echo", []byte(strings.Repeat("x", 2<<20)))
	assert.Equal(t, codeInternal, codeOf(err), "an answer over the bound: %v", err)

	_, err = rpc.invoke(ctx, "/t.S/Fail", nil)
	assert.Equal(t, rpcCode(3), codeOf(err))
	assert.Equal(t, long, messageOf(err))

	_, err = rpc.invoke(ctx, "/t.S/Unimplemented", nil)
	assert.Equal(t, codeUnimplemented, codeOf(err))
	assert.Contains(t, err.Error(), "code = Unimplemented desc = no such method")

	var got []string
	require.NoError(t, rpc.stream(ctx, "/t.S/Stream", nil, func(m []byte) { got = append(got, string(m)) }))
	assert.Equal(t, []string{"a", "bb", "ccc"}, got)

	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = rpc.invoke(short, "/t.S/Slow", nil)
	cancel()
	assert.Equal(t, codeDeadlineExceeded, codeOf(err))
	msg, err = rpc.invoke(ctx, "/t.S/Echo", []byte("still there"))
	require.NoError(t, err, "the connection outlives a call's deadline")
	assert.Equal(t, "still there", string(msg))

	// A server gone: calls fail as unavailable.
	srv.CloseClientConnections()
	srv.Close()
	_, err = rpc.invoke(ctx, "/t.S/Echo", []byte("x"))
	assert.Equal(t, codeUnavailable, codeOf(err), "%v", err)
}

// escapeForTest percent-encodes the bytes of s that are not printable
// ASCII, as gRPC servers send grpc-message.
func escapeForTest(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f && c != '%' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}
