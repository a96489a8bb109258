package plugins

import "errors"

// Sentinel errors. Every error of this package wraps one of them and names
// the plugin's path.
var (
	// ErrPluginExited: the plugin process is gone (it crashed, was killed
	// after a timeout, or was closed). A dead plugin is not restarted.
	ErrPluginExited = errors.New("plugins: plugin exited")
	// ErrTimeout: the plugin did not start, or did not answer a call, in
	// time. A plugin that times out on a call is killed.
	ErrTimeout = errors.New("plugins: plugin timed out")
	// ErrNotPlugin: the file is not an evplugin plugin (it is missing or
	// not executable, exits at once, prints something else than a
	// handshake, names an address nobody listens on, or does not serve the
	// protocol).
	ErrNotPlugin = errors.New("plugins: not a plugin")
	// ErrVersion: the plugin speaks another version of the protocol than
	// this host ([ProtocolVersion]).
	ErrVersion = errors.New("plugins: incompatible plugin protocol version")
	// ErrChecksum: the file does not have the SHA-256 given with
	// [WithChecksum]; it was not started.
	ErrChecksum = errors.New("plugins: plugin checksum mismatch")
	// ErrMalformed: the plugin broke the contract: an invalid source
	// descriptor (an "aws." or duplicate ID, a rule that does not parse) or
	// a document that is not a JSON object.
	ErrMalformed = errors.New("plugins: malformed plugin output")
	// ErrDecode: the plugin could not decode the event and said why, or
	// the call failed for another reason than the plugin's death or a
	// timeout (a message over 64 MiB, an unimplemented method).
	ErrDecode = errors.New("plugins: plugin could not decode the event")
)
