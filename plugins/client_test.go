package plugins_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func TestOpenDescribesSources(t *testing.T) {
	c := open(t, testPlugin)
	assert.Equal(t, "evplugin-testplugin", c.Name())
	assert.Equal(t, testPlugin, c.Path())
	srcs := c.Sources()
	require.Len(t, srcs, 2)
	echo := srcs[0]
	assert.Equal(t, "test.echo", echo.ID)
	assert.Equal(t, "Test events echoed back", echo.Title)
	assert.Equal(t, `test equals "echo"`, echo.Rule.String())
	assert.Equal(t, sources.PriorityPlugin, echo.Priority)
	assert.Equal(t, []string{"secret", "nested.token"}, echo.SensitivePaths)
	assert.Equal(t, []json.RawMessage{json.RawMessage(`{"test":"echo","secret":"s3cr3t"}`)}, echo.Samples)
	assert.Equal(t, testPlugin, echo.Plugin)
	assert.Equal(t, "test.other", srcs[1].ID)
}

func TestRegisterDetectDecode(t *testing.T) {
	reg := builtins(t)
	c := open(t, testPlugin)
	require.NoError(t, c.Register(reg))
	require.NoError(t, c.Register(reg), "registering twice with one registry does nothing")

	src, err := reg.Lookup("test.echo")
	require.NoError(t, err)
	assert.Equal(t, testPlugin, src.Origin)

	raw := []byte(`{"test":"echo","secret":"s3cr3t","nested":{"token":"t0k3n","n":12345678901234567890},"visible":"yes"}`)
	id, err := reg.Detect(raw)
	require.NoError(t, err)
	assert.Equal(t, "test.echo", id)

	v, err := reg.Decode(raw)
	require.NoError(t, err)
	ev, ok := v.(*plugins.Event)
	require.True(t, ok, "%T", v)
	assert.Equal(t, "test.echo", ev.Source)
	assert.Equal(t, "evplugin-testplugin", ev.Plugin)
	assert.Equal(t, true, ev.Document["decoded"])
	assert.Equal(t, json.Number("12345678901234567890"), ev.Document["nested"].(map[string]any)["n"])

	// It marshals to exactly the plugin's document.
	want := strings.TrimSuffix(string(raw), "}") + `,"decoded":true}`
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	assert.Equal(t, want, string(b))

	// It prints the document, secrets masked.
	out := printer.Sprint(ev)
	assert.Equal(t, `{
  "decoded": true,
  "nested": {
    "n": 12345678901234567890,
    "token": "[SENSITIVE]"
  },
  "secret": "[SENSITIVE]",
  "test": "echo",
  "visible": "yes"
}
`, out)

	// The other source of the plugin, and a built-in one, still work.
	id, err = reg.Detect([]byte(`{"test":"other"}`))
	require.NoError(t, err)
	assert.Equal(t, "test.other", id)
	requireBuiltinWorks(t, reg)
}

// requireBuiltinWorks decodes an SQS event with reg.
func requireBuiltinWorks(t *testing.T, reg *registry.Registry) {
	t.Helper()
	raw := event(t, "aws.sqs/fifo-json-body.json")
	id, err := reg.Detect(raw)
	require.NoError(t, err)
	assert.Equal(t, "aws.sqs", id)
	_, err = reg.Decode(raw)
	require.NoError(t, err)
}

func TestEventJSON(t *testing.T) {
	var ev plugins.Event
	require.NoError(t, json.Unmarshal([]byte(` {"a":1.50,"b":[true]} `), &ev))
	assert.Equal(t, json.Number("1.50"), ev.Document["a"])
	b, err := ev.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"a":1.50,"b":[true]}`, string(b))
	for _, bad := range []string{`[1]`, `"x"`, `{"a":1} {}`, `{"a":`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &ev), bad)
	}
	b, err = json.Marshal(plugins.Event{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
}

func TestCloseUnregisters(t *testing.T) {
	reg1, reg2 := builtins(t), builtins(t)
	c := open(t, testPlugin)
	pid := c.PID()
	require.NoError(t, c.Register(reg1))
	require.NoError(t, c.Register(reg2))
	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "Close is idempotent")
	for _, reg := range []*registry.Registry{reg1, reg2} {
		_, err := reg.Lookup("test.echo")
		assert.ErrorIs(t, err, registry.ErrNoSource)
		_, err = reg.Lookup("test.other")
		assert.ErrorIs(t, err, registry.ErrNoSource)
		requireBuiltinWorks(t, reg)
	}
	_, err := c.Decode("test.echo", []byte(`{"test":"echo"}`))
	assert.ErrorIs(t, err, plugins.ErrPluginExited)
	assert.ErrorIs(t, c.Register(reg1), plugins.ErrPluginExited)
	requireGone(t, pid)
	requireNoChildren(t)
}

func TestRegisterAllOrNothing(t *testing.T) {
	t.Run("conflict with a registered source", func(t *testing.T) {
		reg := builtins(t)
		require.NoError(t, reg.Register(registry.Source{ID: "test.other", New: func() any { return new(map[string]any) },
			Rule: registry.All(registry.PathExists("x"))}))
		c := open(t, testPlugin)
		err := c.Register(reg)
		require.ErrorIs(t, err, registry.ErrDuplicate)
		assert.Contains(t, err.Error(), testPlugin)
		_, err = reg.Lookup("test.echo")
		assert.ErrorIs(t, err, registry.ErrNoSource, "nothing registered halfway")
		// Closing does not remove what it did not register.
		require.NoError(t, c.Close())
		_, err = reg.Lookup("test.other")
		assert.NoError(t, err)
	})
	t.Run("two plugins with the same sources", func(t *testing.T) {
		reg := registry.New()
		a, b := open(t, testPlugin), open(t, testPlugin)
		require.NoError(t, a.Register(reg))
		require.ErrorIs(t, b.Register(reg), registry.ErrDuplicate)
		require.NoError(t, b.Close())
		src, err := reg.Lookup("test.echo")
		require.NoError(t, err)
		assert.Equal(t, testPlugin, src.Origin)
		_, err = reg.Decode([]byte(`{"test":"echo"}`))
		assert.NoError(t, err, "the first plugin still decodes")
	})
}

func TestDecodeDirect(t *testing.T) {
	c := open(t, testPlugin)
	ev, err := c.Decode("test.other", []byte(`{"test":"other"}`))
	require.NoError(t, err)
	assert.Equal(t, `{"test":"other"}`, string(ev.JSON))
	assert.Empty(t, ev.SensitivePaths())
	_, err = c.Decode("test.nope", []byte(`{}`))
	assert.ErrorIs(t, err, registry.ErrNoSource)
}

func TestConcurrentDecode(t *testing.T) {
	reg := builtins(t)
	c := open(t, testPlugin)
	require.NoError(t, c.Register(reg))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 50 {
				raw := []byte(`{"test":"echo","i":` + itoa(i*100+j) + `}`)
				v, err := reg.Decode(raw)
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, json.Number(itoa(i*100+j)), v.(*plugins.Event).Document["i"])
			}
		})
	}
	wg.Wait()
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// syncBuffer is a bytes.Buffer safe for the logger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogger(t *testing.T) {
	var buf syncBuffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Debug})
	c := open(t, testPlugin, plugins.WithLogger(logger))
	_, err := c.Decode("test.echo", []byte(`{"test":"echo","trigger":"log"}`))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		s := buf.String()
		return strings.Contains(s, "testplugin: a line on stderr") && strings.Contains(s, "testplugin: a line through log")
	}, 3*time.Second, 10*time.Millisecond, "plugin lines reach the host's logger:\n%s", &buf)
}
