//go:build evplugin_refcodec

package registry_test

// refCodec tells that events decode through the reference codec, whose
// errors are its own (codec_ref.go).
const refCodec = true
