package plugins

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/evplugin/evplugin/plugins/internal/grpcplugin"
	pb "github.com/evplugin/evplugin/plugins/proto"
	"github.com/evplugin/evplugin/registry"
)

// Defaults of the options.
const (
	DefaultTimeout      = 5 * time.Second
	DefaultStartTimeout = 10 * time.Second
)

// Option configures [Open] and [OpenAll].
type Option func(*config)

type config struct {
	checksum     []byte
	timeout      time.Duration
	startTimeout time.Duration
	logger       hclog.Logger
	env          []string
}

// WithChecksum makes [Open] refuse, before running it, a binary whose
// SHA-256 is not sum ([ErrChecksum]).
func WithChecksum(sum []byte) Option { return func(c *config) { c.checksum = sum } }

// WithTimeout bounds each call to the plugin (default [DefaultTimeout]). A
// plugin that does not answer in time is killed.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithStartTimeout bounds the start of the plugin (default
// [DefaultStartTimeout]): the handshake line, the connection to the address
// it names, and the description of its sources. A plugin not started in
// time is killed, and [Open] returns an error wrapping [ErrTimeout].
func WithStartTimeout(d time.Duration) Option { return func(c *config) { c.startTimeout = d } }

// WithLogger sends the plugin's log and stderr lines, and go-plugin's own,
// to l. By default they are discarded.
func WithLogger(l hclog.Logger) Option { return func(c *config) { c.logger = l } }

// WithEnv adds "KEY=value" entries to the plugin's environment, which
// otherwise is the host's.
func WithEnv(kv ...string) Option { return func(c *config) { c.env = append(c.env, kv...) } }

// Descriptor describes one source of a plugin, as the plugin declared it.
type Descriptor struct {
	ID             string            // the source's ID, e.g. "github.webhook"
	Title          string            // what sends the event
	Rule           registry.Rule     // detection, evaluated in the host
	Priority       int               // the rule's priority
	SensitivePaths []string          // paths in the decoded document to mask
	Samples        []json.RawMessage // example events
	Plugin         string            // the path of the plugin providing the source
}

// Client is a running plugin. Its methods are safe for concurrent use.
type Client struct {
	path, name string
	cfg        config
	cmd        *exec.Cmd
	gp         *plugin.Client
	rpc        pb.PluginClient
	sources    []Descriptor
	byID       map[string]*Descriptor
	stderr     tail
	guard      *dialGuard

	killOnce sync.Once
	mu       sync.Mutex
	regs     []*registry.Registry
	dead     string // why the plugin is gone, once it is
}

// Open starts the plugin at path, checks the handshake and reads its
// sources. The plugin runs until [Client.Close]. Errors wrap
// [ErrNotPlugin], [ErrVersion], [ErrChecksum], [ErrTimeout] or
// [ErrMalformed]; no process is left behind.
//
// The start timeout ([WithStartTimeout]) bounds the whole handshake: the
// handshake line, and the connection to the address it names. Whatever
// goes wrong there (no line, a line that is not a handshake, an address
// nobody listens on, a peer that accepts and never answers), Open returns
// by the timeout with an error naming the plugin and the start timeout:
// [ErrTimeout] when the time ran out, [ErrNotPlugin] when the handshake
// failed before.
func Open(path string, opts ...Option) (*Client, error) {
	deadline := time.Now()
	cfg := config{timeout: DefaultTimeout, startTimeout: DefaultStartTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = hclog.NewNullLogger()
	}
	deadline = deadline.Add(cfg.startTimeout)
	c := &Client{path: path, name: filepath.Base(path), cfg: cfg}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrNotPlugin, err)
	case fi.IsDir():
		return nil, fmt.Errorf("%w: %s is a directory", ErrNotPlugin, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrNotPlugin, path, err)
	}
	c.cmd = exec.Command(abs)
	c.cmd.Env = append(os.Environ(), cfg.env...)
	var secure *plugin.SecureConfig
	if cfg.checksum != nil {
		secure = &plugin.SecureConfig{Checksum: cfg.checksum, Hash: sha256.New()}
	}
	out := cfg.logger.StandardWriter(&hclog.StandardLoggerOptions{InferLevels: true})
	c.guard = &dialGuard{}
	c.gp = plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		Plugins:          plugin.PluginSet{pluginName: &grpcplugin.Plugin{}},
		Cmd:              c.cmd,
		SkipHostEnv:      true, // c.cmd.Env has it, before WithEnv's entries
		SecureConfig:     secure,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		StartTimeout:     cfg.startTimeout,
		Logger:           cfg.logger,
		Stderr:           &c.stderr,
		SyncStdout:       out,
		SyncStderr:       out,
		GRPCDialOptions: []grpc.DialOption{
			grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessage), grpc.MaxCallSendMsgSize(maxMessage)),
			grpc.WithContextDialer(c.guard.dial), // after go-plugin's own dialer, so it replaces it
		},
	})
	proto, err := c.start(deadline)
	if err != nil {
		c.kill("it did not start")
		return nil, err
	}
	raw, err := proto.Dispense(pluginName)
	if err != nil {
		c.kill("it did not start")
		return nil, fmt.Errorf("%w: %s: %w", ErrNotPlugin, path, err)
	}
	c.rpc = raw.(pb.PluginClient)
	// Describing its sources is part of the start: the earlier of the call
	// timeout and the start deadline bounds it.
	callDeadline := time.Now().Add(cfg.timeout)
	byStart := callDeadline.After(deadline)
	if byStart {
		callDeadline = deadline
	}
	ctx, cancel := context.WithDeadline(context.Background(), callDeadline)
	resp, err := c.rpc.Describe(ctx, &pb.DescribeRequest{})
	cancel()
	if err != nil {
		code := status.Code(err)
		dialErr := c.guard.failed()
		switch {
		case dialErr != nil && code == codes.Unavailable:
			err = c.handshakeError(ErrNotPlugin, "it named %s, and connecting to it failed: %v", c.guard.addr, dialErr)
		case byStart && code == codes.DeadlineExceeded:
			err = fmt.Errorf("%w: %s: describe: no answer within the start timeout (%v); it was killed", ErrTimeout, path, cfg.startTimeout)
		default:
			err = c.callError("describe", err, ErrNotPlugin)
		}
		c.kill("it did not describe its sources")
		return nil, err
	}
	if err := c.setSources(resp.GetSources()); err != nil {
		c.kill("its sources were refused")
		return nil, err
	}
	return c, nil
}

var pluginVersion = regexp.MustCompile(`[Pp]lugin version: (\d+)`)

// start runs the plugin and connects to the address its handshake line
// names, by deadline. go-plugin bounds the wait for the line, but not the
// connection (gRPC gives a silent peer 20 s), so start gives up on its own
// at the deadline: it closes the connections, which ends go-plugin's wait,
// and Open kills the process.
func (c *Client) start(deadline time.Time) (plugin.ClientProtocol, error) {
	addr, err := c.gp.Start()
	if err != nil {
		return nil, c.startError(err)
	}
	c.guard.addr = addr
	type result struct {
		proto plugin.ClientProtocol
		err   error
	}
	done := make(chan result, 1)
	go func() {
		p, err := c.gp.Client()
		done <- result{p, err}
	}()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			if dialErr := c.guard.failed(); dialErr != nil {
				return nil, c.handshakeError(ErrNotPlugin, "it named %s, and connecting to it failed: %v", addr, dialErr)
			}
			return nil, c.handshakeError(ErrNotPlugin, "connecting to %s, which it named, failed: %v", addr, r.err)
		}
		c.guard.settle()
		return r.proto, nil
	case <-timer.C:
		c.guard.abandon()
		<-done // its connections are closed: it returns
		return nil, c.handshakeError(ErrTimeout, "it named %s, which did not answer", addr)
	}
}

// handshakeError is the error of a failed handshake. It names the plugin
// and the start timeout, and wraps sentinel: [ErrTimeout] when the time ran
// out, [ErrNotPlugin] when the handshake failed before.
func (c *Client) handshakeError(sentinel error, format string, args ...any) error {
	what := "handshake failed before the start timeout (%v)"
	if errors.Is(sentinel, ErrTimeout) {
		what = "no handshake within the start timeout (%v)"
	}
	return fmt.Errorf("%w: %s: "+what+": "+format, append([]any{sentinel, c.path, c.cfg.startTimeout}, args...)...)
}

// startError translates go-plugin's start errors, which are only text.
func (c *Client) startError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, plugin.ErrChecksumsDoNotMatch):
		return fmt.Errorf("%w: %s: refused to run it: its SHA-256 is not the one expected", ErrChecksum, c.path)
	case strings.Contains(msg, "error verifying checksum"):
		return fmt.Errorf("%w: %s: %s", ErrChecksum, c.path, msg)
	case strings.Contains(msg, "incompatible API version"), strings.Contains(msg, "incompatible core API version"):
		theirs := "another version"
		if m := pluginVersion.FindStringSubmatch(msg); m != nil {
			theirs = "version " + m[1]
		}
		if strings.Contains(msg, "core") {
			return fmt.Errorf("%w: %s: its go-plugin core protocol is %s, this host's is %d: rebuild the plugin",
				ErrVersion, c.path, theirs, plugin.CoreProtocolVersion)
		}
		return fmt.Errorf("%w: %s speaks evplugin plugin protocol %s, this host speaks version %d: rebuild the plugin against a matching github.com/evplugin/evplugin",
			ErrVersion, c.path, theirs, ProtocolVersion)
	case strings.Contains(msg, "timeout while waiting for plugin to start"):
		return c.handshakeError(ErrTimeout, "it printed no handshake line (is it an evplugin plugin?)%s", c.stderr.hint())
	case strings.Contains(msg, "plugin exited before we could connect"), strings.Contains(msg, "Failed to read any lines"):
		c.stop() // returns once it is reaped: ProcessState is set
		status := ""
		if st := c.cmd.ProcessState; st != nil {
			status = " (" + st.String() + ")"
		}
		return c.handshakeError(ErrNotPlugin, "it exited before the handshake%s%s", status, c.stderr.hint())
	case strings.Contains(msg, "Unrecognized remote plugin message"):
		return c.handshakeError(ErrNotPlugin, "it did not answer the handshake (it printed %q)", firstLine(strings.TrimPrefix(msg, "Unrecognized remote plugin message: ")))
	case strings.Contains(msg, "unsupported plugin protocol"):
		return c.handshakeError(ErrNotPlugin, "it does not speak gRPC: %s", msg)
	}
	if strings.HasPrefix(msg, "fork/exec ") { // it did not run
		return fmt.Errorf("%w: %s: %w", ErrNotPlugin, c.path, err)
	}
	return c.handshakeError(ErrNotPlugin, "%s", firstLine(msg))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// setSources checks the plugin's descriptors as a registry would, so that
// Register can only fail on a conflict with other sources.
func (c *Client) setSources(ds []*pb.SourceDescriptor) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: "+format, append([]any{ErrMalformed, c.path}, args...)...)
	}
	if len(ds) == 0 {
		return bad("it provides no source")
	}
	c.byID = map[string]*Descriptor{}
	for _, d := range ds {
		rule, err := registry.ParseRule(d.GetRule())
		if err != nil {
			return bad("the rule of source %q does not parse: %w", d.GetId(), err)
		}
		out := Descriptor{ID: d.GetId(), Title: d.GetTitle(), Rule: rule, Priority: int(d.GetPriority()),
			SensitivePaths: d.GetSensitivePaths(), Plugin: c.path}
		if int64(out.Priority) != d.GetPriority() {
			return bad("the priority of source %q is out of range", d.GetId())
		}
		for i, s := range d.GetSamples() {
			if !json.Valid(s) {
				return bad("sample %d of source %q is not JSON", i, d.GetId())
			}
			out.Samples = append(out.Samples, json.RawMessage(s))
		}
		for _, p := range out.SensitivePaths {
			if p == "" {
				return bad("source %q has an empty sensitive path", d.GetId())
			}
		}
		c.sources = append(c.sources, out)
	}
	// A scratch registry applies every rule of registration: reserved and
	// duplicate IDs, ID syntax.
	if err := registry.New().RegisterAll(c.registrySources()); err != nil {
		c.sources = nil
		return bad("%w", err)
	}
	for i := range c.sources {
		c.byID[c.sources[i].ID] = &c.sources[i]
	}
	return nil
}

func (c *Client) registrySources() []registry.Source {
	out := make([]registry.Source, len(c.sources))
	for i, d := range c.sources {
		id := d.ID
		out[i] = registry.Source{
			ID:       id,
			Title:    d.Title,
			Rule:     d.Rule,
			Priority: d.Priority,
			Origin:   c.path,
			Decode: func(raw []byte) (any, error) {
				ev, err := c.Decode(id, raw)
				if err != nil {
					return nil, err
				}
				return ev, nil
			},
		}
	}
	return out
}

// Name is the plugin's file name, e.g. "evplugin-github-webhook".
func (c *Client) Name() string { return c.name }

// Path is the plugin's path, as given to [Open].
func (c *Client) Path() string { return c.path }

// Sources describes the plugin's sources, in the order it declared them.
func (c *Client) Sources() []Descriptor {
	out := make([]Descriptor, len(c.sources))
	copy(out, c.sources)
	return out
}

// Register adds every source of the plugin to reg, all or none, with the
// plugin's path as Origin and a Decode that calls the plugin. Registering
// twice with the same registry does nothing.
func (c *Client) Register(reg *registry.Registry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead != "" {
		return fmt.Errorf("%w: %s: cannot register: %s", ErrPluginExited, c.path, c.dead)
	}
	for _, r := range c.regs {
		if r == reg {
			return nil
		}
	}
	if err := reg.RegisterAll(c.registrySources()); err != nil {
		return fmt.Errorf("plugins: %s: %w", c.path, err)
	}
	c.regs = append(c.regs, reg)
	return nil
}

// Decode decodes raw as the plugin's source id, in one call to the plugin.
func (c *Client) Decode(id string, raw []byte) (*Event, error) {
	d, ok := c.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w %q in plugin %s", registry.ErrNoSource, id, c.path)
	}
	if why := c.deadReason(); why != "" {
		return nil, fmt.Errorf("%w: %s: decode %s: %s; a dead plugin is not restarted", ErrPluginExited, c.path, id, why)
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.timeout)
	resp, err := c.rpc.Decode(ctx, &pb.DecodeRequest{SourceId: id, Event: raw})
	cancel()
	if err != nil {
		return nil, c.callError("decode "+id, err, ErrDecode)
	}
	if msg := resp.GetError(); msg != "" {
		return nil, fmt.Errorf("%w: %s: %s: %s", ErrDecode, c.path, id, msg)
	}
	ev, err := newEvent(id, c.name, resp.GetDocument(), d.SensitivePaths)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: decode %s: %w", ErrMalformed, c.path, id, err)
	}
	return ev, nil
}

// callError classifies a failed call. A call that timed out kills the
// plugin; a broken connection means it is gone; other failures wrap
// sentinel.
func (c *Client) callError(op string, err error, sentinel error) error {
	code := status.Code(err)
	switch {
	case code == codes.DeadlineExceeded:
		why := fmt.Sprintf("it did not answer within %v and was killed", c.cfg.timeout)
		c.kill(why)
		return fmt.Errorf("%w: %s: %s: %s (%w)", ErrTimeout, c.path, op, why, ErrPluginExited)
	case code == codes.Unavailable || code == codes.Canceled || c.gp.Exited():
		c.stop() // returns once it is reaped and its stderr read to the end
		why := "it exited"
		if st := c.cmd.ProcessState; st != nil {
			why += " (" + st.String() + ")"
		}
		c.kill(why + c.stderr.hint())
		return fmt.Errorf("%w: %s: %s: %s", ErrPluginExited, c.path, op, c.deadReason())
	}
	return fmt.Errorf("%w: %s: %s: %w", sentinel, c.path, op, err)
}

func (c *Client) deadReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dead
}

// kill records why the plugin is gone, unless a reason is recorded
// already, and stops it.
func (c *Client) kill(why string) {
	c.mu.Lock()
	if c.dead == "" {
		c.dead = why
	}
	c.mu.Unlock()
	c.stop()
}

// stop ends the plugin process and go-plugin's goroutines. It returns when
// the process has been reaped, also to concurrent callers.
func (c *Client) stop() {
	c.killOnce.Do(func() {
		if c.cmd.Process != nil {
			_ = c.cmd.Process.Kill()
		}
		c.gp.Kill()
	})
}

// Close stops the plugin and removes its sources from every registry it
// was registered with. It is safe to call more than once.
func (c *Client) Close() error {
	c.mu.Lock()
	regs := c.regs
	c.regs = nil
	c.mu.Unlock()
	ids := make([]string, len(c.sources))
	for i, d := range c.sources {
		ids[i] = d.ID
	}
	for _, r := range regs {
		r.Unregister(ids...)
	}
	c.kill("it was closed")
	return nil
}

// dialGuard dials the address a plugin's handshake names, for gRPC, and
// lets Open give up on a connection that hangs: abandon closes every
// connection it made and refuses new ones. Once the start has succeeded
// (settle), it is a plain dialer.
type dialGuard struct {
	addr net.Addr // set before the first dial

	mu        sync.Mutex
	abandoned bool
	settled   bool
	conns     []net.Conn
	cancels   map[*int]context.CancelFunc
	connected bool  // a dial succeeded
	err       error // the last dial error, until one succeeds
}

var errAbandoned = errors.New("plugins: the start was abandoned")

func (g *dialGuard) dial(ctx context.Context, _ string) (net.Conn, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	key := new(int)
	g.mu.Lock()
	if g.abandoned {
		g.mu.Unlock()
		return nil, errAbandoned
	}
	if !g.settled {
		if g.cancels == nil {
			g.cancels = map[*int]context.CancelFunc{}
		}
		g.cancels[key] = cancel
	}
	g.mu.Unlock()

	var d net.Dialer
	conn, err := d.DialContext(ctx, g.addr.Network(), g.addr.String())

	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.cancels, key)
	switch {
	case g.abandoned:
		if conn != nil {
			_ = conn.Close()
		}
		return nil, errAbandoned
	case err != nil:
		if !g.connected {
			g.err = err
		}
		return nil, err
	}
	g.connected, g.err = true, nil
	if !g.settled {
		g.conns = append(g.conns, conn)
	}
	return conn, nil
}

// abandon closes the connections and ends the dials in progress; later
// dials fail.
func (g *dialGuard) abandon() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.abandoned = true
	for _, conn := range g.conns {
		_ = conn.Close()
	}
	for _, cancel := range g.cancels {
		cancel()
	}
	g.conns, g.cancels = nil, nil
}

// settle stops tracking connections: the start succeeded.
func (g *dialGuard) settle() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.settled = true
	g.conns, g.cancels = nil, nil
}

// failed returns the last dial error if no dial succeeded, else nil.
func (g *dialGuard) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.connected {
		return nil
	}
	return g.err
}

// tail keeps the last lines a plugin wrote to stderr, to say why it died.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 4 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

// hint returns ": <line>" with the most telling line of the tail (a Go
// panic's first line, else the last line that is not go-plugin's JSON
// log), or "".
func (t *tail) hint() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(string(t.buf), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return ": " + l
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, `{"@`) {
			continue
		}
		if len(l) > 200 {
			l = l[:200] + "..."
		}
		return ": " + l
	}
	return ""
}
