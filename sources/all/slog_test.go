package all_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
)

// logLine logs v as the attribute "event" through slog's JSON handler and
// returns the line.
func logLine(v any, opts ...printer.Option) []byte {
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("event", "event", evplugin.LogValue(v, opts...))
	return b.Bytes()
}

func useNumberOf(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v), "%s", b)
	return v
}

// TestLogValue: for every payload of every registered source, the JSON
// log line holds the event as a nested object equal to what the printer
// prints (an array for the events that are one), masks included, without derived values by default and with them
// when asked.
func TestLogValue(t *testing.T) {
	seen := map[string]bool{}
	masked := 0
	for _, p := range canaryPayloads(t) {
		v, err := registry.Default.Decode(p.raw)
		require.NoError(t, err, p.name)
		seen[p.id] = true
		for _, derived := range []bool{false, true} {
			var opts []printer.Option
			if derived {
				opts = append(opts, printer.WithDerived())
			}
			line := logLine(v, opts...)
			event := useNumberOf(t, line).(map[string]any)["event"]
			switch event.(type) {
			case map[string]any, []any: // an object; a list for the events that are one (AppSync batches)
			default:
				t.Errorf("%s: the event is no nested object: %s", p.name, line)
			}
			printed := printer.Sprint(v, printer.WithoutDerived())
			if derived {
				printed = printer.Sprint(v)
			}
			assert.Equal(t, useNumberOf(t, []byte(printed)), event, "%s (derived %v)", p.name, derived)
			if !derived {
				masked += strings.Count(string(line), printer.Sensitive)
			}
		}
	}
	t.Logf("%d sources, %d values masked in their logs", len(seen), masked)
	assert.NotZero(t, masked, "nothing masked: the payloads hold no secret?")
	for _, s := range registry.Default.Sources() {
		assert.True(t, seen[s.ID], "%s: no payload logged", s.ID)
	}
}

// TestLogCanary: no planted secret shows in a JSON log line, with derived
// values or without.
func TestLogCanary(t *testing.T) {
	for name, opts := range map[string][]printer.Option{"fields": nil, "derived": {printer.WithDerived()}} {
		t.Run(name, func(t *testing.T) {
			res := runCanary(t, func(v any) string { return string(logLine(v, opts...)) })
			t.Logf("canary in logs: %d payloads, %d markers planted, %d leaks", res.payloads, res.planted, len(res.leaks))
			require.NotZero(t, res.planted)
			for _, l := range res.leaks {
				t.Errorf("leak: %s", l)
			}
		})
	}
	t.Run("finds leaks", func(t *testing.T) {
		res := runCanary(t, func(v any) string { return string(logLine(v, printer.WithoutDefaultMasks())) })
		assert.NotEmpty(t, res.leaks, "the canary found no leak in logs with the default masks off")
	})
}
