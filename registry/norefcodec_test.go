//go:build !evplugin_refcodec

package registry_test

const refCodec = false
