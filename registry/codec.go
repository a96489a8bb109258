//go:build !evplugin_refcodec

package registry

import "github.com/evplugin/evplugin/lossless"

// unmarshal is the decoder of events: lossless's compiled decoder, or with
// the build tag evplugin_refcodec the reference codec (codec_ref.go).
var unmarshal = lossless.Unmarshal
