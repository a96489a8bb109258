// Command evplugin detects, decodes and prints AWS Lambda events.
//
//	evplugin detect [--explain] [FILE...]    name the source of each event
//	evplugin decode [--source ID] [FILE|-]   the decoded event as JSON (lossless, unmasked)
//	evplugin print  [--source ID] [FILE|-]   the safe debug view (secrets masked)
//	evplugin sources [--json]                the sources it knows
//
// Every command takes --plugin PATH (repeatable) and reads the environment
// variable EVPLUGIN_PLUGINS: plugin files or directories (every executable
// named evplugin-* in it), separated by the OS list separator.
//
// Exit codes: 0 success, 2 usage, 3 some input matched no source, 4 invalid
// JSON or a decode error, 5 a plugin failed.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
