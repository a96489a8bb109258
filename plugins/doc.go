// Package plugins runs event sources out of process, so platform teams can
// add a source (a webhook, a partner EventBridge source, their own domain
// events) without forking or recompiling evplugin, and a broken plugin
// never takes the host down.
//
// A plugin is an executable whose main calls Serve, of package
// github.com/evplugin/evplugin/plugins/server, with one or more [Source]
// values; it is a github.com/hashicorp/go-plugin server speaking its gRPC
// protocol (the contract is proto/evplugin.proto), so a plugin may be
// written in any language go-plugin supports. The host starts it with
// [Open] and adds its sources to a registry with [Client.Register].
//
// The host side, this package, speaks go-plugin's protocol itself (the
// handshake line, AutoMTLS, gRPC over a small HTTP/2 client of its own;
// protocol.go describes it) and imports neither go-plugin nor grpc-go nor
// protobuf's runtime: Go runs the init of every package a binary links,
// and theirs made a plugin-capable CLI start a quarter slower with no
// plugin named. Plugins keep go-plugin.
//
// Each source declares its rule as data: the host detects plugin events
// locally, as fast as built-in ones, and decoding one is a single call to
// the plugin. The decoded value is an [*Event], which marshals to the
// plugin's JSON document and prints with secrets masked.
//
// # Masks
//
// A plugin's document is printed with the same default masks as built-in
// events: every member, at any depth, named like a credential header
// (authorization, proxy-authorization, cookie, set-cookie, x-api-key,
// x-amz-security-token, x-auth-token, x-csrf-token,
// x-amzn-oidc-accesstoken, x-amzn-oidc-data) or whose name contains token,
// secret, password, passwd, credential, apikey, api_key, private_key or
// signature, compared case-insensitively; a masked object or array is
// masked whole. The sensitive paths a source declares add to these, and
// their member names match case-insensitively: "headers.X-Hub-Signature-256"
// masks "X-HUB-SIGNATURE-256" as well. [Event.SensitivePaths] lists the
// resulting paths, spelled as in the document, for the printer.
//
// # Faults
//
// Starting has a timeout ([WithStartTimeout], 10 s by default) that bounds
// the whole handshake: a plugin that prints no handshake line, prints a
// line that is not one, or names an address nobody listens on or a peer
// that accepts and never answers, makes [Open] fail by the timeout with an
// error naming the plugin and the start timeout ([ErrTimeout] if the time
// ran out, [ErrNotPlugin] if the handshake failed before), and the process
// is killed.
//
// Every call has a timeout ([WithTimeout], 5 s by default). A plugin that
// crashes, or hangs past the timeout (it is then killed), gives an error
// wrapping [ErrPluginExited] and naming the plugin, for that call and every
// later one: a dead plugin is not restarted, and its sources stay
// registered, so its events fail loudly rather than fall back to another
// source; [Client.Close] removes them. A plugin that sends malformed JSON
// gives an error wrapping [ErrMalformed] and stays usable. A panic in a Go
// plugin's Decode is recovered by server.Serve and reported as a decode
// error, and a plugin built with server.Serve exits when its host dies
// without closing it. [Client.Close] asks the plugin to shut down, as
// go-plugin's client does, and kills it if it has not exited within 2 s.
//
// # Regenerating the protocol
//
// The generated code in proto/ is committed; `go generate ./plugins/...`
// rebuilds it.
package plugins

// Generated with protoc 3.21.12 (Debian's protobuf-compiler),
// protoc-gen-go v1.36.12 (matching google.golang.org/protobuf in go.mod)
// and protoc-gen-go-grpc v1.6.2 (its code needs google.golang.org/grpc
// v1.64 or later; go.mod has v1.85.0):
//
//	apt-get install -y protobuf-compiler
//	go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
//	go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
//
//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative proto/evplugin.proto
