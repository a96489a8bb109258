//go:build linux

package registry_test

import (
	"math"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/registry"
)

// TestInputOverTheLimit gives every entry point an input one byte over
// MaxInput: a mapping of that many bytes of address space, never read, so
// the test costs no memory.
func TestInputOverTheLimit(t *testing.T) {
	if math.MaxInt == math.MaxInt32 {
		t.Skip("no slice exceeds the limit")
	}
	size := uint64(registry.MaxInput) + 1
	huge, err := syscall.Mmap(-1, 0, int(size), syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE|syscall.MAP_NORESERVE)
	if err != nil {
		t.Skipf("mmap of %d bytes: %v", size, err)
	}
	defer syscall.Munmap(huge)

	r := testRegistry(t)
	check := func(name string, err error) {
		t.Helper()
		require.ErrorIs(t, err, registry.ErrTooLarge, name)
		var se *registry.SizeError
		require.ErrorAs(t, err, &se, name)
		assert.Equal(t, int(size), se.Size)
		assert.Contains(t, err.Error(), "2147483647", "the error names the limit")
	}
	_, err = r.Detect(huge)
	check("Detect", err)
	_, err = r.Decode(huge)
	check("Decode", err)
	_, err = r.DecodeAs("test.queue", huge)
	check("DecodeAs", err)
	_, err = r.Explain(huge)
	check("Explain", err)
}
