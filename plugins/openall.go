package plugins

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// FilePrefix starts the name of every plugin [OpenAll] finds in a
// directory.
const FilePrefix = "evplugin-"

// SplitEnv splits a list of paths as the EVPLUGIN_PLUGINS variable holds
// it: separated by the OS list separator (':' on Unix, ';' on Windows),
// empty entries dropped.
func SplitEnv(value string) []string {
	var out []string
	for _, p := range filepath.SplitList(value) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// OpenAll opens every plugin named by paths: a file is a plugin, a
// directory holds plugins (every executable file in it named evplugin-*,
// in name order). It opens all of them or, on the first error, closes the
// ones it opened and returns the error.
func OpenAll(paths []string, opts ...Option) ([]*Client, error) {
	var files []string
	for _, p := range paths {
		found, err := pluginFiles(p)
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	clients := make([]*Client, 0, len(files))
	for _, f := range files {
		c, err := Open(f, opts...)
		if err != nil {
			for _, o := range clients {
				_ = o.Close()
			}
			return nil, err
		}
		clients = append(clients, c)
	}
	return clients, nil
}

// pluginFiles returns path if it is a file, or the plugins in it if it is
// a directory.
func pluginFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotPlugin, err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotPlugin, err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), FilePrefix) {
			continue
		}
		full := filepath.Join(path, e.Name())
		fi, err := os.Stat(full) // follows symbolic links
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if runtime.GOOS == "windows" {
			if !strings.EqualFold(filepath.Ext(full), ".exe") {
				continue
			}
		} else if fi.Mode().Perm()&0o111 == 0 {
			continue
		}
		out = append(out, full)
	}
	return out, nil
}
