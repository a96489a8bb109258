package plugins

// The host side of go-plugin's protocol.
//
// Plugins are go-plugin servers (github.com/hashicorp/go-plugin v1.8.0,
// gRPC flavour): plugins/server calls go-plugin's Serve, and plugins in
// other languages implement the same protocol. The host does not import
// go-plugin: its one package holds the plugin side too, with gRPC
// reflection, and through it protobuf's descriptor machinery, whose init
// functions were most of what a plugin-capable CLI spent starting with no
// plugin named. Its messages are in wire.go. What go-plugin's client does, and what this host does of
// it, step by step:
//
//  1. The child's environment is the host's, then the WithEnv entries,
//     then go-plugin's own: the magic cookie (MagicCookieKey set to
//     MagicCookieValue; without it a go-plugin server prints that it is a
//     plugin, not to be run by hand, and exits with status 1);
//     PLUGIN_PROTOCOL_VERSIONS, the application versions the host speaks,
//     comma separated (the server takes the highest one it serves too, or
//     else its own lowest); PLUGIN_MIN_PORT and PLUGIN_MAX_PORT, the port
//     range of a server that listens on TCP (on Windows; go-plugin's
//     defaults are 10000 and 25000); PLUGIN_CLIENT_CERT (AutoMTLS, step 3).
//     This host also sets PLUGIN_UNIX_SOCKET_DIR, where a server makes its
//     unix socket (else in the temporary directory), to a directory of its
//     own that it removes when the plugin is gone, so that a killed plugin
//     leaves no socket behind (go-plugin's client does the same only with a
//     custom runner). go-plugin hands the child the host's standard input;
//     this host does not (a plugin reading it would race the CLI, which
//     reads events there).
//  2. The server listens, then prints one line on its standard output:
//     CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT. CORE is go-plugin's core
//     protocol version, 1; APP the application version it chose, which
//     must be one the host offered; NETWORK is "unix" or "tcp" and ADDRESS
//     a socket path or host:port; PROTOCOL is "grpc" (absent, it means
//     net/rpc, which evplugin plugins do not speak); CERT is the server's
//     AutoMTLS certificate, DER in unpadded standard base64 (go-plugin
//     ignores a field of 50 characters or less, which older servers left
//     there). A seventh field, whether the server multiplexes brokered
//     connections, comes only when the host asked for it
//     (PLUGIN_MULTIPLEX_GRPC), which this host does not. Fewer than four
//     fields is no handshake. Only the first line counts: the rest of
//     standard output is read and dropped. go-plugin's client waits for
//     the line up to its start timeout (a minute by default), and fails
//     at once if the process exits first; so does this host, within its
//     own start timeout, and the line is bounded (64 KiB).
//  3. AutoMTLS: the host makes a one-time key and a self-signed CA
//     certificate for "localhost" (go-plugin: ECDSA P-521; this host
//     P-256, a tenth of the time, and the server does not care) and passes
//     it, PEM, in PLUGIN_CLIENT_CERT. The server accepts only clients
//     holding that certificate's key, and makes its own one-time
//     certificate, which it prints in its handshake line. The host trusts
//     that certificate alone: TLS 1.2 or later, server name "localhost",
//     its own certificate as client certificate, ALPN "h2" (grpc-go
//     servers require it). Only the host that started a plugin can call it,
//     and it talks to no other process than the one it started. A handshake
//     line without a certificate leaves the host nothing to trust: the TLS
//     handshake fails.
//  4. gRPC over one HTTP/2 connection to the address. go-plugin's client
//     leaves the TLS handshake to grpc-go and connects lazily, on the first
//     call; this host connects and completes the TLS handshake itself,
//     within the start timeout, so that it can tell a refused connection, a
//     silent peer and a certificate mismatch apart, then speaks HTTP/2 on
//     it with a client of its own (h2.go; rpc.go has the gRPC framing),
//     redialing the same way should the connection fail while the plugin
//     lives. grpc-go's client is not linked: with it the CLI was 13 MB
//     larger and started 1.26x slower than without plugin support. Calls
//     carry messages of up to MaxMessageSize either way (go-plugin's
//     client: 2 GiB).
//  5. Every go-plugin server also serves: grpc.health.v1.Health, service
//     "plugin" SERVING (go-plugin's client checks it only when asked,
//     Client.Ping; this host does not: Describe, at start, shows that the
//     plugin serves); plugin.GRPCBroker, a stream for connections brokered
//     between host and plugin (go-plugin's client always opens it; the
//     evplugin contract has no callbacks, and this host does not);
//     plugin.GRPCStdio.StreamStdio, a server stream of StdioData messages
//     (field 1 the channel, 1 stdout or 2 stderr; field 2 the bytes);
//     plugin.GRPCController.Shutdown, from Empty to Empty.
//  6. Standard output and error: a go-plugin server replaces os.Stdout and
//     os.Stderr with pipes whose contents it sends on the StdioData stream,
//     and a plugin writing there blocks once a pipe is full until a host
//     reads the stream; both clients open it once connected and read it to
//     the end. What bypasses os.Stderr reaches the process's real standard
//     error: the runtime's panics and fatal errors, the log package (whose
//     default output is the original stderr) and go-plugin's own log lines,
//     JSON objects from hclog with "@level", "@message", "@timestamp" and
//     other members as key-value pairs. go-plugin's client forwards every
//     line to its logger: JSON at its level, other lines at the level a
//     "[DEBUG]"-style prefix names, from a "panic: " or "fatal error: " line
//     on at error, the rest at debug. This host does the same with both
//     streams, and keeps the last lines to say why a plugin died.
//  7. Stopping: go-plugin's client calls Shutdown (the server stops, Serve
//     returns, the plugin's main returns), closes the connection, waits up
//     to 2 s for the process to exit and kills it after. This host does the
//     same in Close. A plugin that died, or hung past a call's timeout, is
//     killed at once.

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

const (
	// coreProtocolVersion is go-plugin's core protocol version, the first
	// field of the handshake line.
	coreProtocolVersion = 1
	// minPort and maxPort are go-plugin's default TCP port range.
	minPort, maxPort = 10000, 25000
	// serverName is the name in both AutoMTLS certificates.
	serverName = "localhost"
	// maxLine bounds the handshake line and every log line kept whole.
	maxLine = 64 << 10
	// shutdownGrace is how long Close waits for a plugin to exit after
	// Shutdown before it kills it, as go-plugin's client.
	shutdownGrace = 2 * time.Second

	stdioMethod    = "/plugin.GRPCStdio/StreamStdio"
	shutdownMethod = "/plugin.GRPCController/Shutdown"
)

// goPluginEnv returns the environment entries go-plugin's protocol asks of
// a host: the cookie, the versions, the port range, the client certificate
// and, if not empty, the socket directory.
func goPluginEnv(clientCert []byte, socketDir string) []string {
	env := []string{
		MagicCookieKey + "=" + MagicCookieValue,
		"PLUGIN_MIN_PORT=" + strconv.Itoa(minPort),
		"PLUGIN_MAX_PORT=" + strconv.Itoa(maxPort),
		"PLUGIN_PROTOCOL_VERSIONS=" + strconv.Itoa(ProtocolVersion),
		"PLUGIN_CLIENT_CERT=" + string(clientCert),
	}
	if socketDir != "" {
		env = append(env, "PLUGIN_UNIX_SOCKET_DIR="+socketDir)
	}
	return env
}

// clientCertificate makes the host's one-time AutoMTLS certificate: a
// self-signed CA for "localhost", good for client and server
// authentication. It returns the certificate PEM-encoded, for the plugin,
// and as a TLS certificate, for the host.
func clientCertificate() ([]byte, tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	now := time.Now()
	template := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: serverName, Organization: []string{"evplugin"}},
		DNSNames:              []string{serverName},
		NotBefore:             now.Add(-30 * time.Second),
		NotAfter:              now.Add(100 * 365 * 24 * time.Hour), // as long as the plugin runs
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyAgreement | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// handshakeLine is what a plugin's handshake line says.
type handshakeLine struct {
	addr net.Addr
	cert *x509.Certificate // nil: the line carries none
}

// parseHandshake reads a handshake line. Its errors are [*lineError]s.
func parseHandshake(line string) (handshakeLine, error) {
	var h handshakeLine
	bad := func(is error, format string, args ...any) error {
		return &lineError{is: is, msg: fmt.Sprintf(format, args...)}
	}
	line = strings.TrimSpace(line)
	parts := strings.Split(line, "|")
	if len(parts) < 4 {
		return h, bad(ErrNotPlugin, "it did not answer the handshake (it printed %q)", clip(line))
	}
	if core, err := strconv.Atoi(parts[0]); err != nil {
		return h, bad(ErrNotPlugin, "its handshake line %q does not start with go-plugin's core protocol version", clip(line))
	} else if core != coreProtocolVersion {
		return h, bad(ErrVersion, "its go-plugin core protocol is version %d, this host's is %d: rebuild the plugin", core, coreProtocolVersion)
	}
	if v, err := strconv.Atoi(parts[1]); err != nil {
		return h, bad(ErrNotPlugin, "its handshake line %q names no protocol version", clip(line))
	} else if v != ProtocolVersion {
		return h, bad(ErrVersion, "it speaks evplugin plugin protocol version %d, this host speaks version %d: "+
			"rebuild the plugin against a matching github.com/evplugin/evplugin", v, ProtocolVersion)
	}
	var err error
	switch network, address := parts[2], parts[3]; network {
	case "unix":
		h.addr, err = net.ResolveUnixAddr("unix", address)
	case "tcp":
		h.addr, err = net.ResolveTCPAddr("tcp", address)
	default:
		return h, bad(ErrNotPlugin, "its handshake line names network %q (not unix or tcp)", clip(network))
	}
	if err != nil {
		return h, bad(ErrNotPlugin, "its handshake line names address %q: %v", clip(parts[3]), err)
	}
	if len(parts) < 5 || parts[4] != "grpc" {
		protocol := "netrpc"
		if len(parts) >= 5 {
			protocol = parts[4]
		}
		return h, bad(ErrNotPlugin, "it does not speak gRPC (its handshake line names protocol %q)", clip(protocol))
	}
	if len(parts) >= 6 && len(parts[5]) > 50 {
		der, err := base64.RawStdEncoding.DecodeString(parts[5])
		if err == nil {
			h.cert, err = x509.ParseCertificate(der)
		}
		if err != nil {
			return h, bad(ErrNotPlugin, "the server certificate in its handshake line does not parse: %v", err)
		}
	}
	return h, nil
}

// lineError is a handshake line refused: it wraps [ErrVersion] or
// [ErrNotPlugin] and says why, without the plugin's path.
type lineError struct {
	is  error
	msg string
}

func (e *lineError) Error() string { return e.msg }
func (e *lineError) Unwrap() error { return e.is }

// clip shortens what a plugin printed for an error message.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// tlsConfig is the host's side of AutoMTLS with a plugin whose handshake
// line carried cert (none: nothing is trusted).
func tlsConfig(own tls.Certificate, cert *x509.Certificate) *tls.Config {
	roots := x509.NewCertPool()
	if cert != nil {
		roots.AddCert(cert)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{own},
		RootCAs:      roots,
		ServerName:   serverName,
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"h2"},
	}
}

// dialTLS connects to addr and completes the TLS handshake, by ctx.
func dialTLS(ctx context.Context, addr net.Addr, cfg *tls.Config) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, addr.Network(), addr.String())
	if err != nil {
		return nil, err
	}
	tconn := tls.Client(conn, cfg)
	if err := tconn.HandshakeContext(ctx); err != nil {
		_ = conn.Close()
		return nil, &tlsError{err}
	}
	return tconn, nil
}

// tlsError is a failed TLS handshake, as opposed to a failed connection.
type tlsError struct{ err error }

func (e *tlsError) Error() string { return "TLS handshake: " + e.err.Error() }
func (e *tlsError) Unwrap() error { return e.err }

// dialer gives gRPC the connection the start made, then, should gRPC
// redial, new ones made the same way.
type dialer struct {
	addr  net.Addr
	tls   *tls.Config
	conns connSet // every connection, to close when the plugin stops

	mu    sync.Mutex
	first net.Conn
}

func (d *dialer) dial(ctx context.Context) (net.Conn, error) {
	d.mu.Lock()
	conn := d.first
	d.first = nil
	d.mu.Unlock()
	if conn != nil {
		return conn, nil
	}
	conn, err := dialTLS(ctx, d.addr, d.tls)
	if err == nil && !d.conns.add(conn) {
		return nil, errors.New("plugins: the plugin was stopped")
	}
	return conn, err
}

// stdioData reads a go-plugin StdioData message: its channel (1 stdout, 2
// stderr) and its bytes.
func stdioData(msg []byte) (channel uint64, data []byte, err error) {
	err = fields(msg, func(num uint64, typ wireType, v []byte, n uint64) error {
		switch {
		case num == 1 && typ == varintType:
			channel = n
		case num == 2 && typ == bytesType:
			data = v
		case num == 1 || num == 2:
			return errWireType
		}
		return nil
	})
	return channel, data, err
}

// streamStdio reads the plugin's standard output and error, as its
// go-plugin server sends them, into out and errOut, until the call ends.
func streamStdio(ctx context.Context, rpc *rpcConn, out, errOut io.Writer) {
	_ = rpc.stream(ctx, stdioMethod, nil, func(msg []byte) {
		channel, data, err := stdioData(msg)
		switch {
		case err != nil:
		case channel == 1:
			_, _ = out.Write(data)
		case channel == 2:
			_, _ = errOut.Write(data)
		}
	})
}

// shutdown asks a go-plugin server to stop, by ctx; the answer does not
// matter (the server may close the connection first).
func shutdown(ctx context.Context, rpc *rpcConn) {
	_, _ = rpc.invoke(ctx, shutdownMethod, nil)
}

// handshakeWriter is a plugin's standard output: it keeps the first line,
// up to maxLine bytes, and drops the rest.
type handshakeWriter struct {
	mu   sync.Mutex
	buf  []byte
	done bool
	line chan string // receives the line, once
}

func newHandshakeWriter() *handshakeWriter { return &handshakeWriter{line: make(chan string, 1)} }

func (w *handshakeWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	rest := p
	if i := bytes.IndexByte(p, '\n'); i >= 0 {
		rest = p[:i]
		w.done = true
	}
	w.buf = append(w.buf, rest[:min(len(rest), maxLine-len(w.buf))]...)
	if len(w.buf) >= maxLine {
		w.done = true
	}
	if w.done {
		w.line <- string(w.buf)
		w.buf = nil
	}
	return len(p), nil
}

// close ends the output: a last line without its newline counts, as
// go-plugin's client reads it.
func (w *handshakeWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done && len(w.buf) > 0 {
		w.done = true
		w.line <- string(w.buf)
	}
}

// logWriter splits what a plugin writes into lines, up to maxLine bytes
// each, and forwards them to a logger as go-plugin's client does; every
// byte goes to tail too, if not nil.
type logWriter struct {
	log     hclog.Logger
	tail    *tail
	mu      sync.Mutex
	buf     []byte
	inPanic bool // a panic started: untagged lines are errors
}

func (w *logWriter) Write(p []byte) (int, error) {
	if w.tail != nil {
		_, _ = w.tail.Write(p)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
		}
		take := min(len(chunk), maxLine-len(w.buf))
		w.buf = append(w.buf, chunk[:take]...)
		p = p[take:]
		switch {
		case len(w.buf) >= maxLine: // a line too long to keep whole
			w.log.Debug(string(w.buf))
			w.buf = w.buf[:0]
		case i >= 0 && take == i:
			w.forward(w.buf)
			w.buf = w.buf[:0]
			p = p[1:]
		}
	}
	return n, nil
}

// flush forwards a last line without its newline.
func (w *logWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.forward(w.buf)
		w.buf = w.buf[:0]
	}
}

// forward logs one line: an hclog JSON line at its level with its
// members, another line at the level its prefix names ("[WARN] ..."), a
// panic and what follows at error, the rest at debug.
func (w *logWriter) forward(line []byte) {
	if len(line) == 0 || w.log.GetLevel() == hclog.Off {
		return
	}
	if msg, level, args, ok := hclogJSON(line); ok {
		w.log.Log(level, msg, args...)
		return
	}
	s := string(line)
	level := hclog.Debug
	for _, p := range []struct {
		prefix string
		level  hclog.Level
	}{{"[TRACE]", hclog.Trace}, {"[DEBUG]", hclog.Debug}, {"[INFO]", hclog.Info}, {"[WARN]", hclog.Warn}, {"[ERROR]", hclog.Error}} {
		if strings.HasPrefix(s, p.prefix) {
			w.log.Log(p.level, s)
			return
		}
	}
	if strings.HasPrefix(s, "panic: ") || strings.HasPrefix(s, "fatal error: ") {
		w.inPanic = true
	}
	if w.inPanic {
		level = hclog.Error
	}
	w.log.Log(level, s)
}

// hclogJSON reads a line hclog wrote in JSON: its message, its level
// (debug if it names none), and its other members as key-value pairs in
// key order, the time last as "timestamp".
func hclogJSON(line []byte) (msg string, level hclog.Level, args []any, ok bool) {
	if len(line) == 0 || line[0] != '{' {
		return "", 0, nil, false
	}
	var m map[string]any
	if json.Unmarshal(line, &m) != nil {
		return "", 0, nil, false
	}
	if _, ok := m["@message"]; !ok {
		return "", 0, nil, false
	}
	msg, _ = m["@message"].(string)
	lv, _ := m["@level"].(string)
	ts, _ := m["@timestamp"].(string)
	delete(m, "@message")
	delete(m, "@level")
	delete(m, "@timestamp")
	level = hclog.LevelFromString(lv)
	if level == hclog.NoLevel {
		level = hclog.Debug
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		args = append(args, k, m[k])
	}
	if ts != "" {
		args = append(args, "timestamp", ts)
	}
	return msg, level, args, true
}

// errNoCert says why a TLS handshake with a plugin that sent no
// certificate could not succeed.
var errNoCert = errors.New("its handshake line carries no server certificate (AutoMTLS), so there is nothing to trust")
