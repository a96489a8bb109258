package cloudformation

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Defaults of a [Sender].
const (
	DefaultAttempts       = 5
	DefaultAttemptTimeout = 20 * time.Second
)

// Sender uploads responses to ResponseURLs. Its zero value is ready to use;
// its fields tune it, and tests give it a fast Backoff.
//
// A 2xx status is success. A 5xx status, a transport error (connection
// refused, reset) or an attempt that times out is retried, after
// Backoff(retry), until Attempts have been made. Any other status (a 403
// from an expired URL, a 400) is final: retrying cannot help. The context
// bounds everything: once it is done, Send stops at once with its error,
// even in the middle of a backoff; give it the handler's context, whose
// deadline is the function's.
type Sender struct {
	// Client sends the requests; nil is http.DefaultClient.
	Client *http.Client
	// Attempts is how many requests at most; 0 is DefaultAttempts.
	Attempts int
	// AttemptTimeout bounds each request; 0 is DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	// Backoff returns the pause before retry n (1 for the first retry);
	// nil is [DefaultBackoff].
	Backoff func(retry int) time.Duration
}

// DefaultBackoff waits 250ms before the first retry and doubles the pause
// for each next one, up to 8s.
func DefaultBackoff(retry int) time.Duration {
	d := 250 * time.Millisecond
	for i := 1; i < retry && d < 8*time.Second; i++ {
		d *= 2
	}
	return min(d, 8*time.Second)
}

// SendError is the error of a response that was not delivered. Its text
// never holds the ResponseURL's query (its signature), nor S3's error body
// beyond the code and message.
type SendError struct {
	Attempts   int    // requests made
	StatusCode int    // the last HTTP status, 0 when no response came
	Code       string // S3's error code, as AccessDenied
	Message    string // S3's error message
	Err        error  // the last transport or context error, if any
}

// Error says how many attempts were made and how the last one failed.
func (e *SendError) Error() string {
	plural := "s"
	if e.Attempts == 1 {
		plural = ""
	}
	s := fmt.Sprintf("cloudformation: response not delivered (%d attempt%s)", e.Attempts, plural)
	if e.StatusCode != 0 {
		s += fmt.Sprintf(": HTTP %d", e.StatusCode)
		if e.Code != "" {
			s += " " + e.Code
		}
		if e.Message != "" {
			s += ": " + e.Message
		}
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the last transport or context error, so that
// errors.Is(err, context.DeadlineExceeded) tells a timeout.
func (e *SendError) Unwrap() error { return e.Err }

// Send uploads r to the event's ResponseURL with a zero [Sender].
func (e CustomResourceEvent) Send(ctx context.Context, r *Response) error {
	return Sender{}.Send(ctx, e.ResponseURL, r)
}

// Send uploads r to responseURL: a PUT of its JSON body with an empty
// Content-Type, as the URL is presigned without one. An invalid response or
// one larger than [MaxResponseBody] ([ErrTooLarge]) is an error before
// anything is sent; so is a URL that is not http(s). A response not
// delivered is a *[SendError].
func (s Sender) Send(ctx context.Context, responseURL string, r *Response) error {
	b, err := r.Body()
	if err != nil {
		return err
	}
	u, err := url.Parse(responseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("cloudformation: ResponseURL is not an http(s) URL")
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	backoff := s.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	timeout := s.AttemptTimeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	last := &SendError{}
	for n := 1; n <= attempts; n++ {
		if n > 1 {
			if err := sleep(ctx, backoff(n-1)); err != nil {
				last.Err = err
				return last
			}
		}
		if err := ctx.Err(); err != nil {
			last.Err = err
			return last
		}
		last = s.attempt(ctx, client, timeout, u, b)
		last.Attempts = n
		switch {
		case last.Err == nil && last.StatusCode/100 == 2:
			return nil
		case ctx.Err() != nil:
			last.Err = ctx.Err()
			return last
		case last.Err == nil && last.StatusCode/100 != 5:
			return last // 4xx, 3xx left by the client: final
		}
	}
	return last
}

// attempt makes one request; its result has StatusCode set when a response
// came, Err when none did.
func (s Sender) attempt(ctx context.Context, client *http.Client, timeout time.Duration, u *url.URL, b []byte) *SendError {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.String(), bytes.NewReader(b))
	if err != nil {
		return &SendError{Err: redact(err)}
	}
	req.Header["Content-Type"] = []string{""}
	resp, err := client.Do(req)
	if err != nil {
		return &SendError{Err: redact(err)}
	}
	defer resp.Body.Close()
	out := &SendError{StatusCode: resp.StatusCode}
	if resp.StatusCode/100 != 2 {
		var x struct {
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		}
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if xml.Unmarshal(raw, &x) == nil {
			out.Code, out.Message = x.Code, x.Message
		}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	return out
}

// redact drops the query (the signature) from the URL a *url.Error shows.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery, u.Fragment, u.User = "", "", nil
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
		return &url.Error{Op: ue.Op, URL: "ResponseURL", Err: ue.Err}
	}
	return err
}

// sleep waits d, or until ctx is done, returning its error then.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
