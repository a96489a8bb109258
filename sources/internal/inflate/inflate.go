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
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, ErrTooLarge
	}
	return out, nil
}
