// Package synthetic registers synthetic sources from its init function, to
// time start-up with as many sources as the catalog (../shared/SOURCES.md)
// will hold, before they are written.
//
// Imported, it registers nothing unless EVPLUGIN_SYNTHETIC_SOURCES is a
// number n: then its init function registers synth.Sources(n) (see package
// bench/internal/synth) with registry.Default, one Register call each, as n
// source packages would from their own init functions. cmd/inittime sets it
// to time that.
package synthetic

import (
	"os"
	"strconv"

	"github.com/evplugin/evplugin/bench/internal/synth"
	"github.com/evplugin/evplugin/registry"
)

// Env names the environment variable that makes init register sources.
const Env = "EVPLUGIN_SYNTHETIC_SOURCES"

func init() {
	n, err := strconv.Atoi(os.Getenv(Env))
	if err != nil || n <= 0 {
		return
	}
	for _, s := range synth.Sources(n) {
		registry.Default.MustRegister(s)
	}
}
