package plugins

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

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

// WithLogger sends the plugin's log lines, its standard output and error,
// and the host's notes on it (at debug level), to l, named after the
// plugin's file. By default they are discarded.
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
	log        hclog.Logger
	cmd        *exec.Cmd
	exited     chan struct{} // closed once the process is reaped and its output read
	socketDir  string        // the plugin's socket directory, removed by stop
	dialer     *dialer
	rpc        *rpcConn
	endStdio   context.CancelFunc
	sources    []Descriptor
	byID       map[string]*Descriptor
	stderr     tail

	stopOnce sync.Once
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
// nobody listens on, a peer that accepts and never answers, a certificate
// that is not the one the line carried), Open returns by the timeout with
// an error naming the plugin and the start timeout: [ErrTimeout] when the
// time ran out, [ErrNotPlugin] when the handshake failed before.
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
	c := &Client{path: path, name: filepath.Base(path), cfg: cfg, log: cfg.logger.Named(filepath.Base(path))}
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
	if cfg.checksum != nil {
		if err := c.checkSum(abs); err != nil {
			return nil, err
		}
	}
	if err := c.start(abs, deadline); err != nil {
		c.kill("it did not start")
		return nil, err
	}
	// Describing its sources is part of the start: the earlier of the call
	// timeout and the start deadline bounds it.
	callDeadline := time.Now().Add(cfg.timeout)
	byStart := callDeadline.After(deadline)
	if byStart {
		callDeadline = deadline
	}
	ctx, cancel := context.WithDeadline(context.Background(), callDeadline)
	resp, err := c.rpc.invoke(ctx, describeMethod, nil)
	cancel()
	if err != nil {
		switch code := codeOf(err); {
		case byStart && code == codeDeadlineExceeded:
			err = fmt.Errorf("%w: %s: describe: no answer within the start timeout (%v); it was killed", ErrTimeout, path, cfg.startTimeout)
		case code == codeUnavailable && !c.hasExited():
			err = c.handshakeError(ErrNotPlugin, "the connection failed: %s", messageOf(err))
		default:
			err = c.callError("describe", err, ErrNotPlugin)
		}
		c.kill("it did not describe its sources")
		return nil, err
	}
	ds, err := decodeDescribeResponse(resp)
	if err != nil {
		c.kill("its description does not parse")
		return nil, fmt.Errorf("%w: %s: describe: the answer does not parse: %w", ErrMalformed, path, err)
	}
	if err := c.setSources(ds); err != nil {
		c.kill("its sources were refused")
		return nil, err
	}
	return c, nil
}

// checkSum refuses a binary whose SHA-256 is not the one expected.
func (c *Client) checkSum(abs string) error {
	f, err := os.Open(abs)
	if err != nil {
		return fmt.Errorf("%w: %s: verifying its checksum: %w", ErrChecksum, c.path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%w: %s: verifying its checksum: %w", ErrChecksum, c.path, err)
	}
	if subtle.ConstantTimeCompare(h.Sum(nil), c.cfg.checksum) != 1 {
		return fmt.Errorf("%w: %s: refused to run it: its SHA-256 is not the one expected", ErrChecksum, c.path)
	}
	return nil
}

// start runs the plugin, reads its handshake line and connects to the
// address it names, by deadline (see protocol.go for the protocol).
func (c *Client) start(abs string, deadline time.Time) error {
	certPEM, own, err := clientCertificate()
	if err != nil {
		return fmt.Errorf("%w: %s: making the AutoMTLS certificate: %w", ErrNotPlugin, c.path, err)
	}
	if runtime.GOOS != "windows" { // go-plugin servers listen on TCP there
		if c.socketDir, err = os.MkdirTemp("", "evplugin-"); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrNotPlugin, c.path, err)
		}
	}
	c.cmd = exec.Command(abs)
	c.cmd.Env = append(append(os.Environ(), c.cfg.env...), goPluginEnv(certPEM, c.socketDir)...)
	stdout := newHandshakeWriter()
	stderr := &logWriter{log: c.log, tail: &c.stderr}
	c.cmd.Stdout, c.cmd.Stderr = stdout, stderr
	// A child of the plugin holding its output open does not keep the
	// host from reaping it.
	c.cmd.WaitDelay = time.Second
	c.log.Debug("starting plugin", "path", abs)
	if err := c.cmd.Start(); err != nil { // not executable, not a program
		return fmt.Errorf("%w: %s: %w", ErrNotPlugin, c.path, err)
	}
	c.exited = make(chan struct{})
	go func() {
		err := c.cmd.Wait()
		stdout.close()
		stderr.flush()
		c.log.Debug("plugin process exited", "pid", c.cmd.Process.Pid, "status", fmt.Sprint(err))
		close(c.exited)
	}()

	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	var line string
	select {
	case line = <-stdout.line:
	case <-c.exited:
		select {
		case line = <-stdout.line: // its last words
		default:
			return c.handshakeError(ErrNotPlugin, "it exited before the handshake%s%s", c.status(), c.stderr.hint())
		}
	case <-timer.C:
		return c.handshakeError(ErrTimeout, "it printed no handshake line (is it an evplugin plugin?)%s", c.stderr.hint())
	}
	h, err := parseHandshake(line)
	if err != nil {
		if errors.Is(err, ErrVersion) {
			return fmt.Errorf("%w: %s: %v", ErrVersion, c.path, err)
		}
		return c.handshakeError(ErrNotPlugin, "%v", err)
	}

	// Connect, and give up by the deadline or when the process exits.
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	go func() {
		select {
		case <-c.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	cfg := tlsConfig(own, h.cert)
	conn, err := dialTLS(ctx, h.addr, cfg)
	if err != nil {
		var tlsErr *tlsError
		switch {
		case c.hasExited():
			return c.handshakeError(ErrNotPlugin, "it exited during the handshake%s%s", c.status(), c.stderr.hint())
		case ctx.Err() == context.DeadlineExceeded:
			return c.handshakeError(ErrTimeout, "it named %s, which did not answer", h.addr)
		case errors.As(err, &tlsErr) && h.cert == nil:
			return c.handshakeError(ErrNotPlugin, "it named %s, and %v: %v", h.addr, errNoCert, err)
		case errors.As(err, &tlsErr):
			return c.handshakeError(ErrNotPlugin, "it named %s, and the certificates did not match: %v", h.addr, err)
		}
		return c.handshakeError(ErrNotPlugin, "it named %s, and connecting to it failed: %v", h.addr, err)
	}
	c.dialer = &dialer{addr: h.addr, tls: cfg, first: conn}
	c.dialer.conns.add(conn)
	c.rpc = newRPCConn(c.dialer, MaxMessageSize)
	var stdio context.Context
	stdio, c.endStdio = context.WithCancel(context.Background())
	go streamStdio(stdio, c.rpc, &logWriter{log: c.log}, &logWriter{log: c.log, tail: &c.stderr})
	return nil
}

// hasExited reports whether the plugin process is gone and reaped.
func (c *Client) hasExited() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

// status is " (exit status N)" or " (signal: ...)" once the process is
// reaped, else "".
func (c *Client) status() string {
	if c.exited == nil || !c.hasExited() {
		return ""
	}
	return " (" + c.cmd.ProcessState.String() + ")"
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

// setSources checks the plugin's descriptors as a registry would, so that
// Register can only fail on a conflict with other sources.
func (c *Client) setSources(ds []sourceDescriptor) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: "+format, append([]any{ErrMalformed, c.path}, args...)...)
	}
	if len(ds) == 0 {
		return bad("it provides no source")
	}
	c.byID = map[string]*Descriptor{}
	for _, d := range ds {
		rule, err := registry.ParseRule(d.rule)
		if err != nil {
			return bad("the rule of source %q does not parse: %w", d.id, err)
		}
		out := Descriptor{ID: d.id, Title: d.title, Rule: rule, Priority: int(d.priority),
			SensitivePaths: d.sensitivePaths, Plugin: c.path}
		if int64(out.Priority) != d.priority {
			return bad("the priority of source %q is out of range", d.id)
		}
		for i, s := range d.samples {
			if !json.Valid(s) {
				return bad("sample %d of source %q is not JSON", i, d.id)
			}
			out.Samples = append(out.Samples, json.RawMessage(s))
		}
		for _, p := range out.SensitivePaths {
			if p == "" {
				return bad("source %q has an empty sensitive path", d.id)
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
	resp, err := c.rpc.invoke(ctx, decodeMethod, appendDecodeRequest(nil, id, raw))
	cancel()
	if err != nil {
		return nil, c.callError("decode "+id, err, ErrDecode)
	}
	doc, msg, err := decodeDecodeResponse(resp)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: decode %s: the answer does not parse: %w", ErrMalformed, c.path, id, err)
	}
	if msg != "" {
		return nil, fmt.Errorf("%w: %s: %s: %s", ErrDecode, c.path, id, msg)
	}
	ev, err := newEvent(id, c.name, doc, d.SensitivePaths)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: decode %s: %w", ErrMalformed, c.path, id, err)
	}
	return ev, nil
}

// callError classifies a failed call. A call that timed out kills the
// plugin; a broken connection means it is gone; other failures wrap
// sentinel.
func (c *Client) callError(op string, err error, sentinel error) error {
	if why := c.deadReason(); why != "" { // closed or killed meanwhile
		return fmt.Errorf("%w: %s: %s: %s", ErrPluginExited, c.path, op, why)
	}
	code := codeOf(err)
	switch {
	case code == codeDeadlineExceeded:
		why := fmt.Sprintf("it did not answer within %v and was killed", c.cfg.timeout)
		c.kill(why)
		return fmt.Errorf("%w: %s: %s: %s (%w)", ErrTimeout, c.path, op, why, ErrPluginExited)
	case code == codeUnavailable || code == codeCanceled || c.hasExited():
		c.kill(c.gone(err))
		return fmt.Errorf("%w: %s: %s: %s", ErrPluginExited, c.path, op, c.deadReason())
	}
	return fmt.Errorf("%w: %s: %s: %w", sentinel, c.path, op, err)
}

// gone says why the connection to the plugin failed: the process exited
// (it is given shutdownGrace to do so, its output read to the end), or it
// did not and is killed.
func (c *Client) gone(err error) string {
	timer := time.NewTimer(shutdownGrace)
	defer timer.Stop()
	select {
	case <-c.exited:
		return "it exited" + c.status() + c.stderr.hint()
	case <-timer.C:
		return fmt.Sprintf("its connection failed (%s); it was killed", messageOf(err))
	}
}

func (c *Client) deadReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dead
}

// kill records why the plugin is gone, unless a reason is recorded
// already, and stops it.
func (c *Client) kill(why string) {
	c.setDead(why)
	c.stop()
}

func (c *Client) setDead(why string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead == "" {
		c.dead = why
	}
}

// stop ends the connection and the plugin process, and removes its socket
// directory. It returns when the process has been reaped and its output
// read, also to concurrent callers.
func (c *Client) stop() {
	c.stopOnce.Do(func() {
		if c.endStdio != nil {
			c.endStdio()
		}
		if c.dialer != nil {
			c.dialer.conns.close()
			c.rpc.close()
		}
		if c.exited != nil {
			if !c.hasExited() {
				_ = c.cmd.Process.Kill()
			}
			<-c.exited
		}
		if c.socketDir != "" {
			_ = os.RemoveAll(c.socketDir)
		}
	})
}

// Close stops the plugin and removes its sources from every registry it
// was registered with. It is safe to call more than once. As go-plugin's
// client, it asks the plugin to shut down and kills it if it has not
// exited within 2 s.
func (c *Client) Close() error {
	c.mu.Lock()
	regs := c.regs
	c.regs = nil
	alive := c.dead == ""
	c.mu.Unlock()
	ids := make([]string, len(c.sources))
	for i, d := range c.sources {
		ids[i] = d.ID
	}
	for _, r := range regs {
		r.Unregister(ids...)
	}
	c.setDead("it was closed")
	if alive && !c.hasExited() {
		ctx, cancel := context.WithTimeout(context.Background(), min(c.cfg.timeout, shutdownGrace))
		shutdown(ctx, c.rpc)
		cancel()
		timer := time.NewTimer(shutdownGrace)
		select {
		case <-c.exited:
		case <-timer.C:
			c.log.Warn("plugin did not exit after shutdown: killing it")
		}
		timer.Stop()
	}
	c.stop()
	return nil
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
