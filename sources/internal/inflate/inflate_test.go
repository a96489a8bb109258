package inflate

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func compress(t *testing.T, zl bool, data []byte, repeat int) []byte {
	t.Helper()
	var b bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	if zl {
		w = zlib.NewWriter(&b)
	} else {
		w = gzip.NewWriter(&b)
	}
	for range repeat {
		_, err := w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return b.Bytes()
}

func TestBytes(t *testing.T) {
	for _, zl := range []bool{false, true} {
		out, err := Bytes(compress(t, zl, []byte("hello"), 3), 100)
		require.NoError(t, err)
		assert.Equal(t, "hellohellohello", string(out))

		_, err = Bytes(compress(t, zl, []byte("hello"), 3), 14)
		assert.True(t, errors.Is(err, ErrTooLarge), "one byte over the limit")
		out, err = Bytes(compress(t, zl, []byte("hello"), 3), 15)
		require.NoError(t, err, "exactly the limit")
		assert.Len(t, out, 15)
	}
}

func TestBomb(t *testing.T) {
	bomb := compress(t, false, make([]byte, 1<<20), 16) // 16 MiB of zeros in ~16 KiB
	assert.Less(t, len(bomb), 1<<20)
	_, err := Bytes(bomb, 1<<20)
	assert.True(t, errors.Is(err, ErrTooLarge))
}

func TestNotCompressed(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("x"), []byte("plain text"), {0x1f, 0x8b, 0x08}} {
		_, err := Bytes(in, 100)
		assert.Error(t, err, "%q", in)
	}
	gz := compress(t, false, []byte("hello world"), 10)
	_, err := Bytes(gz[:len(gz)-10], 1000)
	assert.Error(t, err, "truncated")
}

// oneByte reads r a byte at a time.
type oneByte struct {
	r interface{ Read([]byte) (int, error) }
}

func (o oneByte) Read(p []byte) (int, error) { return o.r.Read(p[:min(len(p), 1)]) }

func TestReader(t *testing.T) {
	for _, zl := range []bool{false, true} {
		for limit, tooLarge := range map[int64]bool{14: true, 15: false, 16: false} {
			r, err := Reader(compress(t, zl, []byte("hello"), 3), limit)
			require.NoError(t, err)
			var out bytes.Buffer
			_, err = out.ReadFrom(oneByte{r})
			require.NoError(t, r.Close())
			if tooLarge {
				assert.ErrorIs(t, err, ErrTooLarge)
				assert.Equal(t, int(limit), out.Len(), "the bytes up to the limit, never one beyond")
				continue
			}
			require.NoError(t, err)
			assert.Equal(t, "hellohellohello", out.String())
		}
	}
	_, err := Reader([]byte("plain"), 10)
	assert.Error(t, err)
}
