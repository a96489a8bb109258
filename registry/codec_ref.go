//go:build evplugin_refcodec

package registry

import "github.com/evplugin/evplugin/lossless/refcodec"

// unmarshal is the reference codec: built with the tag evplugin_refcodec,
// events decode through go-json-experiment and the map path instead of the
// compiled bytes decoder (slower, same results).
var unmarshal = refcodec.Unmarshal
