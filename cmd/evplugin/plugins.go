//go:build !evplugin_noplugins

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/evplugin/evplugin/plugins"
)

// loadPlugins opens the plugins named by --plugin and EVPLUGIN_PLUGINS and
// registers their sources; the returned function closes them all. A plugin
// named more than once, directly or through its directory, loads once.
func (c *cli) loadPlugins(paths []string) (func(), error) {
	paths = append(slices.Clone(paths), plugins.SplitEnv(os.Getenv("EVPLUGIN_PLUGINS"))...)
	paths = pluginFiles(paths)
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

// pluginFiles expands the directories among paths into the plugins in them,
// as plugins.OpenAll does, and drops every path whose cleaned absolute form
// came before. A path that cannot be read stays, for OpenAll to report.
func pluginFiles(paths []string) []string {
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs // Abs cleans
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			add(p)
			continue
		}
		for _, e := range entries { // in name order
			full := filepath.Join(p, e.Name())
			if strings.HasPrefix(e.Name(), plugins.FilePrefix) && executable(full) {
				add(full)
			}
		}
	}
	return files
}

// executable reports whether path is a regular file the OS would run.
func executable(path string) bool {
	fi, err := os.Stat(path) // follows symbolic links
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if runtime.GOOS == "windows" {
		return strings.EqualFold(filepath.Ext(path), ".exe")
	}
	return fi.Mode().Perm()&0o111 != 0
}

// pluginFailed reports whether err is a plugin's failure (it died, hung or
// broke the contract) rather than a verdict on the input: exit code 5.
func pluginFailed(err error) bool {
	return errors.Is(err, plugins.ErrPluginExited) || errors.Is(err, plugins.ErrTimeout) ||
		errors.Is(err, plugins.ErrMalformed) || errors.Is(err, plugins.ErrNotPlugin) ||
		errors.Is(err, plugins.ErrVersion) || errors.Is(err, plugins.ErrChecksum)
}
