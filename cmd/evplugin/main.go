// Command evplugin detects, decodes and prints AWS Lambda events.
//
//	evplugin detect [--explain] [FILE...]            name the source of each event
//	evplugin decode [--source ID [--force]] [FILE|-] the decoded event as JSON (lossless, unmasked)
//	evplugin print  [--source ID [--force]] [FILE|-] the safe debug view (secrets masked)
//	evplugin sources [--json]                        the sources it knows
//	evplugin sample [--set PATH=VALUE]... ID         a realistic event of a built-in source
//	evplugin version                                 the module version
//	evplugin completion bash|zsh|fish|powershell     a shell completion script
//	evplugin help [COMMAND]                          help; every command also takes -h, --help
//
// Every command takes --plugin PATH (repeatable, before or after the command)
// and reads the environment variable EVPLUGIN_PLUGINS: plugin files or
// directories (every executable named evplugin-* in it), separated by the OS
// list separator. A plugin named twice is loaded once.
//
// Without a file, or with "-", the input is standard input. A UTF-8
// byte-order mark at the start of an input is skipped. An input may hold
// many events (NDJSON, concatenated, pretty-printed): see stream.go.
//
// Exit codes: 0 success, 2 usage, 3 some input matched no source (or not the
// forced one), 4 invalid JSON or a decode error, 5 a plugin failed, 6 an input
// could not be read.
package main

import (
	"os"
)

func main() {
	stdin := os.Stdin
	// Plugins inherit os.Stdin (go-plugin starts them with it): they get an
	// empty one, so the events on standard input all reach evplugin.
	if null, err := os.Open(os.DevNull); err == nil {
		os.Stdin = null
	}
	os.Exit(run(os.Args[1:], stdin, os.Stdout, os.Stderr))
}
