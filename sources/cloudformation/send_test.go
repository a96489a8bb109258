package cloudformation_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/cloudformation"
)

// received is one request the test server saw.
type received struct {
	method, path, query string
	contentType         []string
	contentLength       int64
	body                string
}

// s3 is a test server standing in for the presigned S3 URL: respond
// decides each answer by attempt number (1, 2, ...).
type s3 struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
	attempts atomic.Int32
}

func newS3(t *testing.T, respond func(n int, w http.ResponseWriter, r *http.Request)) *s3 {
	t.Helper()
	s := &s3{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.attempts.Add(1))
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, received{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Values("Content-Type"), r.ContentLength, string(b)})
		s.mu.Unlock()
		respond(n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// url is the presigned-style URL of the server, with a signature in its
// query that no error may show.
func (s *s3) url() string {
	return s.URL + "/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/s/1%7CRes%7Creq?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=SECRETSIGNATURE"
}

// fast returns a sender that retries at once, at most three times.
func fast(client *http.Client) cloudformation.Sender {
	return cloudformation.Sender{Client: client, Attempts: 3, Backoff: func(int) time.Duration { return 0 }}
}

func response(t *testing.T) *cloudformation.Response {
	t.Helper()
	r, err := reference(t, "cloudformationCustomResourceCreate.json").Success("res-1", map[string]any{"Out": "v"})
	require.NoError(t, err)
	return r
}

func s3Error(code, message string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>` + message +
		`</Message><SignatureProvided>SECRETSIGNATURE</SignatureProvided><RequestId>4442587FB7D0A2F9</RequestId></Error>`
}

func status(code int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func sendError(t *testing.T, err error) *cloudformation.SendError {
	t.Helper()
	var se *cloudformation.SendError
	require.ErrorAs(t, err, &se)
	assert.NotContains(t, err.Error(), "SECRETSIGNATURE", "the signature leaked into the error")
	return se
}

func TestSendDelivers(t *testing.T) {
	srv := newS3(t, status(http.StatusOK, ""))
	r := response(t)
	require.NoError(t, fast(srv.Client()).Send(context.Background(), srv.url(), r))

	require.Len(t, srv.requests, 1)
	got := srv.requests[0]
	want, err := r.Body()
	require.NoError(t, err)
	assert.Equal(t, http.MethodPut, got.method)
	assert.Equal(t, "/arn:aws:cloudformation:us-east-1:123456789012:stack/s/1|Res|req", got.path)
	assert.Equal(t, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=SECRETSIGNATURE", got.query, "the query is sent as presigned")
	assert.Equal(t, []string{""}, got.contentType, "an empty Content-Type, as the URL is signed without one")
	assert.Equal(t, int64(len(want)), got.contentLength)
	assert.JSONEq(t, string(want), got.body)
}

func TestSend5xxThenSuccess(t *testing.T) {
	srv := newS3(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n < 3 {
			status(http.StatusServiceUnavailable, s3Error("SlowDown", "Please reduce your request rate."))(n, w, r)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	var retries []int
	s := fast(srv.Client())
	s.Backoff = func(n int) time.Duration { retries = append(retries, n); return 0 }
	require.NoError(t, s.Send(context.Background(), srv.url(), response(t)))
	assert.EqualValues(t, 3, srv.attempts.Load())
	assert.Equal(t, []int{1, 2}, retries, "Backoff asked before each retry")
	assert.Equal(t, srv.requests[0].body, srv.requests[2].body, "each attempt sends the whole body")
}

func TestSendPersistent5xx(t *testing.T) {
	srv := newS3(t, status(http.StatusInternalServerError, s3Error("InternalError", "We encountered an internal error. Please try again.")))
	err := fast(srv.Client()).Send(context.Background(), srv.url(), response(t))
	se := sendError(t, err)
	assert.Equal(t, 3, se.Attempts)
	assert.EqualValues(t, 3, srv.attempts.Load())
	assert.Equal(t, http.StatusInternalServerError, se.StatusCode)
	assert.Equal(t, "InternalError", se.Code)
	assert.Equal(t, "cloudformation: response not delivered (3 attempts): HTTP 500 InternalError: We encountered an internal error. Please try again.", err.Error())
}

func TestSend4xxNotRetried(t *testing.T) {
	for _, code := range []int{http.StatusForbidden, http.StatusBadRequest, http.StatusNotFound, http.StatusTooManyRequests} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := newS3(t, status(code, s3Error("AccessDenied", "Request has expired")))
			err := fast(srv.Client()).Send(context.Background(), srv.url(), response(t))
			se := sendError(t, err)
			assert.Equal(t, 1, se.Attempts)
			assert.EqualValues(t, 1, srv.attempts.Load())
			assert.Equal(t, code, se.StatusCode)
			assert.Equal(t, "AccessDenied", se.Code)
			assert.Equal(t, "Request has expired", se.Message)
		})
	}
	t.Run("a body that is not S3's XML", func(t *testing.T) {
		srv := newS3(t, status(http.StatusForbidden, "denied SECRETSIGNATURE"))
		se := sendError(t, fast(srv.Client()).Send(context.Background(), srv.url(), response(t)))
		assert.Empty(t, se.Code)
		assert.Equal(t, "cloudformation: response not delivered (1 attempt): HTTP 403", se.Error())
	})
}

// block answers attempts up to n only once the client gives up on them.
func block(upTo int, release <-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= upTo {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(http.StatusOK)
	}
}

func TestSendTimeoutThenSuccess(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := newS3(t, block(1, release))
	s := fast(srv.Client())
	s.AttemptTimeout = 200 * time.Millisecond
	require.NoError(t, s.Send(context.Background(), srv.url(), response(t)))
	assert.EqualValues(t, 2, srv.attempts.Load())
}

func TestSendPersistentTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := newS3(t, block(1000, release))
	s := fast(srv.Client())
	s.AttemptTimeout = 50 * time.Millisecond
	err := s.Send(context.Background(), srv.url(), response(t))
	se := sendError(t, err)
	assert.Equal(t, 3, se.Attempts)
	assert.Zero(t, se.StatusCode)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), `Put "`+srv.URL+"/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/s/1%7CRes%7Creq\": context deadline exceeded", "the error names the host and path, not the query")
}

// counting counts the requests a client makes.
type counting struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func TestSendConnectionRefused(t *testing.T) {
	srv := newS3(t, status(http.StatusOK, ""))
	target := srv.url()
	srv.Close() // nothing listens there any more
	rt := &counting{next: http.DefaultTransport}
	err := fast(&http.Client{Transport: rt}).Send(context.Background(), target, response(t))
	se := sendError(t, err)
	assert.Equal(t, 3, se.Attempts)
	assert.EqualValues(t, 3, rt.n.Load(), "transport errors are retried")
	assert.Zero(t, se.StatusCode)
	require.Error(t, se.Err)
	assert.NotContains(t, err.Error(), "X-Amz-Signature")
}

func TestSendContextCancelled(t *testing.T) {
	t.Run("before sending", func(t *testing.T) {
		srv := newS3(t, status(http.StatusOK, ""))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := fast(srv.Client()).Send(ctx, srv.url(), response(t))
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, srv.attempts.Load(), "nothing sent")
	})
	t.Run("during a backoff", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := newS3(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			cancel()
		})
		s := fast(srv.Client())
		s.Backoff = func(int) time.Duration { return time.Hour } // only the context can end it
		err := s.Send(ctx, srv.url(), response(t))
		se := sendError(t, err)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, se.Attempts)
		assert.EqualValues(t, 1, srv.attempts.Load())
	})
	t.Run("during a request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		release := make(chan struct{})
		defer close(release)
		srv := newS3(t, func(n int, w http.ResponseWriter, r *http.Request) {
			cancel()
			block(1000, release)(n, w, r)
		})
		err := fast(srv.Client()).Send(ctx, srv.url(), response(t))
		assert.ErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 1, srv.attempts.Load(), "not retried")
	})
	t.Run("deadline", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		srv := newS3(t, block(1000, release))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		s := fast(srv.Client())
		s.AttemptTimeout = time.Hour
		err := s.Send(ctx, srv.url(), response(t))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.EqualValues(t, 1, srv.attempts.Load(), "the function's deadline is not retried")
	})
}

func TestSendRefusesBeforeSending(t *testing.T) {
	srv := newS3(t, status(http.StatusOK, ""))
	big := response(t)
	big.Data = map[string]any{"Blob": strings.Repeat("x", cloudformation.MaxResponseBody)}
	err := fast(srv.Client()).Send(context.Background(), srv.url(), big)
	assert.ErrorIs(t, err, cloudformation.ErrTooLarge)

	invalid := response(t)
	invalid.Status = cloudformation.StatusFailed
	assert.ErrorContains(t, fast(srv.Client()).Send(context.Background(), srv.url(), invalid), "without a Reason")

	for _, bad := range []string{"", "ftp://bucket/key?Signature=SECRETSIGNATURE", "/relative?Signature=SECRETSIGNATURE", "http://%zz?Signature=SECRETSIGNATURE"} {
		err := fast(srv.Client()).Send(context.Background(), bad, response(t))
		assert.ErrorContains(t, err, "not an http(s) URL", bad)
		assert.NotContains(t, err.Error(), "SECRETSIGNATURE")
	}
	assert.Zero(t, srv.attempts.Load(), "nothing sent")
}

func TestEventSend(t *testing.T) {
	srv := newS3(t, status(http.StatusOK, ""))
	e := reference(t, "cloudformationCustomResourceDelete.json")
	e.ResponseURL = srv.url()
	// The zero Sender uses http.DefaultClient, which reaches the test server.
	r, err := e.Success("", nil)
	require.NoError(t, err)
	require.NoError(t, e.Send(context.Background(), r))
	require.Len(t, srv.requests, 1)
	assert.Contains(t, srv.requests[0].body, `"PhysicalResourceId":"xxxxxxxxx"`)
}

func TestDefaultBackoff(t *testing.T) {
	for retry, want := range map[int]time.Duration{
		1: 250 * time.Millisecond, 2: 500 * time.Millisecond, 3: time.Second, 5: 4 * time.Second,
		6: 8 * time.Second, 7: 8 * time.Second, 100: 8 * time.Second,
	} {
		assert.Equal(t, want, cloudformation.DefaultBackoff(retry), "retry %d", retry)
	}
}

func TestHandle(t *testing.T) {
	type sent struct {
		Status, Reason, PhysicalResourceId string
		Data                               map[string]any
	}
	run := func(t *testing.T, e cloudformation.CustomResourceEvent, fn cloudformation.HandlerFunc) (sent, error) {
		t.Helper()
		srv := newS3(t, status(http.StatusOK, ""))
		e.ResponseURL = srv.url()
		err := fast(srv.Client()).Handle(context.Background(), e, fn)
		var got sent
		if len(srv.requests) == 1 {
			require.NoError(t, jsonUnmarshal(srv.requests[0].body, &got))
		}
		return got, err
	}
	create := reference(t, "cloudformationCustomResourceCreate.json")

	got, err := run(t, create, func(ctx context.Context, e cloudformation.CustomResourceEvent) (string, map[string]any, error) {
		return "res-9", map[string]any{"Arn": "arn:aws:x:::res-9"}, nil
	})
	require.NoError(t, err)
	assert.Equal(t, sent{Status: "SUCCESS", PhysicalResourceId: "res-9", Data: map[string]any{"Arn": "arn:aws:x:::res-9"}}, got)

	got, err = run(t, create, func(context.Context, cloudformation.CustomResourceEvent) (string, map[string]any, error) {
		return "", nil, errors.New("quota exceeded")
	})
	require.NoError(t, err, "a delivered FAILED response is no error of the function")
	assert.Equal(t, sent{Status: "FAILED", Reason: "quota exceeded", PhysicalResourceId: cloudformation.GeneratedPhysicalResourceID(create)}, got)

	got, err = run(t, create, func(context.Context, cloudformation.CustomResourceEvent) (string, map[string]any, error) {
		panic("boom")
	})
	require.NoError(t, err)
	assert.Equal(t, "FAILED", got.Status)
	assert.Equal(t, "panic: boom", got.Reason)

	got, err = run(t, create, func(context.Context, cloudformation.CustomResourceEvent) (string, map[string]any, error) {
		return "r", map[string]any{"Blob": strings.Repeat("x", 5000)}, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "FAILED", got.Status, "a success too large to send becomes a failure")
	assert.Contains(t, got.Reason, "larger than 4096 bytes")

	del := reference(t, "cloudformationCustomResourceDelete.json")
	got, err = run(t, del, func(context.Context, cloudformation.CustomResourceEvent) (string, map[string]any, error) {
		return "another-id", nil, nil
	})
	require.NoError(t, err)
	assert.Equal(t, sent{Status: "FAILED", Reason: got.Reason, PhysicalResourceId: "xxxxxxxxx"}, got)
	assert.Contains(t, got.Reason, "must keep the PhysicalResourceId")

	t.Run("the handler's context ends before the function's", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		srv := newS3(t, status(http.StatusOK, ""))
		e := create
		e.ResponseURL = srv.url()
		var handlerDeadline time.Time
		require.NoError(t, fast(srv.Client()).Handle(ctx, e, func(hctx context.Context, _ cloudformation.CustomResourceEvent) (string, map[string]any, error) {
			handlerDeadline, _ = hctx.Deadline()
			return "x", nil, nil
		}))
		d, _ := ctx.Deadline()
		assert.Equal(t, d.Add(-cloudformation.DefaultReserve), handlerDeadline)
	})
	t.Run("not delivered", func(t *testing.T) {
		srv := newS3(t, status(http.StatusForbidden, s3Error("AccessDenied", "Request has expired")))
		e := create
		e.ResponseURL = srv.url()
		err := fast(srv.Client()).Handle(context.Background(), e, func(context.Context, cloudformation.CustomResourceEvent) (string, map[string]any, error) {
			return "x", nil, nil
		})
		sendError(t, err)
	})
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
