//go:build evplugin_noplugins

package main

// A build without plugin support, for one measurement only: bench's
// cmd/clistart times `evplugin detect` as a whole process against it, to
// see what linking the plugin host (package plugins) costs a start. The CLI's tests need
// plugin support; evplugin is built and released without this tag.
//
//	go build -tags evplugin_noplugins ./cmd/evplugin

import (
	"errors"
	"os"
)

// loadPlugins refuses any plugin named.
func (c *cli) loadPlugins(paths []string) (func(), error) {
	if len(paths) > 0 || os.Getenv("EVPLUGIN_PLUGINS") != "" {
		return func() {}, errors.New("plugins: this evplugin was built without plugin support (-tags evplugin_noplugins)")
	}
	return func() {}, nil
}

func pluginFailed(error) bool { return false }
