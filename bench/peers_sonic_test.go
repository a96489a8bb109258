//go:build amd64 && !go1.28

package bench

import (
	"github.com/bytedance/sonic"
	"golang.org/x/sys/cpu"
)

// sonic is a peer where it runs natively, its JIT and SIMD code on amd64
// with AVX2; elsewhere (other CPUs, Go versions it does not know yet) it
// falls back to encoding/json or a slower path, which would compare
// nothing.
func init() {
	if !cpu.X86.HasAVX2 {
		return
	}
	peers = append(peers, peer{"sonic", sonic.Unmarshal})
	sonicMissing = ""
}
