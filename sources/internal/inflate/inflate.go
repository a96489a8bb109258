// Package inflate decompresses gzip and zlib payloads with a bound on the
// output, so a compression bomb is an error rather than an out-of-memory.
package inflate

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// DefaultLimit bounds decompressed output: 64 MiB, well above what AWS
// delivers (a CloudWatch Logs batch is at most 1 MiB compressed).
const DefaultLimit = 64 << 20

// ErrTooLarge is returned when the output would exceed the limit.
var ErrTooLarge = errors.New("inflate: decompressed data exceeds the limit")

// Bytes decompresses gzip (magic 1f 8b) or zlib (78 01/5e/9c/da) data,
// returning at most limit bytes; more is ErrTooLarge.
func Bytes(data []byte, limit int64) ([]byte, error) {
	r, err := Reader(data, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reader decompresses gzip or zlib data as [Bytes] does, as a stream: the
// read after limit bytes fails with ErrTooLarge, and any other failure
// with an error starting "inflate: ".
func Reader(data []byte, limit int64) (io.ReadCloser, error) {
	var r io.ReadCloser
	var err error
	switch {
	case len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b:
		r, err = gzip.NewReader(bytes.NewReader(data))
	case len(data) >= 2 && data[0]&0x0f == 8 && (uint16(data[0])<<8|uint16(data[1]))%31 == 0:
		r, err = zlib.NewReader(bytes.NewReader(data))
	default:
		return nil, errors.New("inflate: neither gzip nor zlib data")
	}
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	return &limited{r: r, left: limit}, nil
}

// limited reads at most left bytes from r; more is ErrTooLarge.
type limited struct {
	r    io.ReadCloser
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n - 1, ErrTooLarge // the byte beyond the limit is not returned
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("inflate: %w", err)
	}
	return n, err
}

func (l *limited) Close() error { return l.r.Close() }
