package plugins

// The handshake a host and a plugin exchange before anything else. A
// plugin not started by a host (no cookie in its environment) says so and
// exits; a host refuses a plugin of another protocol version.
const (
	// ProtocolVersion is the version of the contract in
	// proto/evplugin.proto. Any change to the contract bumps it.
	ProtocolVersion = 1
	// MagicCookieKey and MagicCookieValue are the environment variable a
	// host sets for its plugins, telling them they are started as plugins.
	MagicCookieKey   = "EVPLUGIN_PLUGIN_COOKIE"
	MagicCookieValue = "6f1c2b9e3a7d4c58b0e5d2f4a9c81e37"
)

// MaxMessageSize bounds a gRPC message either way, in the host and in a
// plugin built with server.Serve: a Lambda event is at most a few
// megabytes, its decoded document a few times that.
const MaxMessageSize = 64 << 20
