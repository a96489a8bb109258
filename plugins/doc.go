// Package plugins runs event sources out of process, so platform teams can
// add a source (a webhook, a partner EventBridge source, their own domain
// events) without forking or recompiling evplugin, and a broken plugin
// never takes the host down.
//
// A plugin is an executable that calls [Serve] with one or more [Source]
// values; it is built on github.com/hashicorp/go-plugin with its gRPC
// protocol (the contract is proto/evplugin.proto), so a plugin may be
// written in any language go-plugin supports. The host starts it with
// [Open] and adds its sources to a registry with [Client.Register].
//
// Each source declares its rule as data: the host detects plugin events
// locally, as fast as built-in ones, and decoding one is a single call to
// the plugin. The decoded value is an [*Event], which marshals to the
// plugin's JSON document and prints with the declared sensitive paths
// masked.
//
// # Faults
//
// Every call has a timeout ([WithTimeout], 5 s by default). A plugin that
// crashes, or hangs past the timeout (it is then killed), gives an error
// wrapping [ErrPluginExited] and naming the plugin, for that call and every
// later one: a dead plugin is not restarted, and its sources stay
// registered, so its events fail loudly rather than fall back to another
// source; [Client.Close] removes them. A plugin that sends malformed JSON
// gives an error wrapping [ErrMalformed] and stays usable. A panic in a Go
// plugin's Decode is recovered by [Serve] and reported as a decode error,
// and a plugin built with [Serve] exits when its host dies without closing
// it.
//
// # Regenerating the protocol
//
// The generated code in proto/ is committed; `go generate ./plugins/...`
// rebuilds it.
package plugins

// Generated with protoc 3.21.12 (Debian's protobuf-compiler),
// protoc-gen-go v1.36.6 and protoc-gen-go-grpc v1.3.0 (the versions matching
// google.golang.org/protobuf and google.golang.org/grpc in go.mod):
//
//	apt-get install -y protobuf-compiler
//	go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.6
//	go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.3.0
//
//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative proto/evplugin.proto
