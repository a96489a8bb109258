package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/evplugin/evplugin/plugins"
)

// loadPlugins opens the plugins named by --plugin and EVPLUGIN_PLUGINS and
// registers their sources; the returned function closes them all.
func (c *cli) loadPlugins(paths []string) (func(), error) {
	paths = append(paths, plugins.SplitEnv(os.Getenv("EVPLUGIN_PLUGINS"))...)
	if len(paths) == 0 {
		return func() {}, nil
	}
	clients, err := plugins.OpenAll(paths)
	closeAll := func() {
		for _, p := range clients {
			_ = p.Close()
		}
	}
	if err != nil {
		return closeAll, err
	}
	for _, p := range clients {
		if err := p.Register(c.reg); err != nil {
			closeAll()
			return func() {}, fmt.Errorf("plugin %s: %w", p.Path(), err)
		}
	}
	return closeAll, nil
}

// pluginFailed reports whether err is a plugin's failure (it died, hung or
// broke the contract) rather than a verdict on the input: exit code 5.
func pluginFailed(err error) bool {
	return errors.Is(err, plugins.ErrPluginExited) || errors.Is(err, plugins.ErrTimeout) ||
		errors.Is(err, plugins.ErrMalformed) || errors.Is(err, plugins.ErrNotPlugin) ||
		errors.Is(err, plugins.ErrVersion) || errors.Is(err, plugins.ErrChecksum)
}
