package evplugin

import (
	"log/slog"

	"github.com/evplugin/evplugin/printer"
)

// LogValue returns v, any event (a built-in source's, a plugin's
// *plugins.Event, a value of your own type), as a log/slog value masked as
// [Sprint] masks it, so that
//
//	slog.Info("event", "event", evplugin.LogValue(e))
//
// with slog's JSON handler writes the event as a nested object with every
// secret "[SENSITIVE]". Derived values are left out unless
// printer.WithDerived is given; see [printer.LogValue].
func LogValue(v any, opts ...printer.Option) slog.LogValuer { return printer.LogValue(v, opts...) }
