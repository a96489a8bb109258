// Command testplugin is the plugin the tests of package plugins start: it
// behaves well or badly as EVPLUGIN_TESTPLUGIN_MODE and the events it
// decodes ask.
//
// Modes: "" (sources test.echo and test.other), "aws" (an "aws." ID),
// "dup" (one ID twice), "badrule" (a rule that does not validate),
// "none" (no source), "rawrule" (rule bytes that are not JSON), "version"
// (protocol version ProtocolVersion+1), "nodescribe" (no Describe),
// "hangdescribe" (never answers Describe), "slowstart" (sleeps before the handshake), "exit" (exits
// before the handshake), "badhandshake" (prints a handshake line naming an
// address that does not parse), "silentport" (names a port that accepts
// connections and never answers), "refusedport" (names a port nobody
// listens on), "cookie" (expects another magic cookie), "wrongcert"
// (serves TLS with another certificate than its handshake line carries),
// "nocert" (serves TLS, its handshake line carries no certificate),
// "marker" (serves, then creates the file EVPLUGIN_TESTPLUGIN_MARKER names
// once Serve returned: the host shut it down), "grpcecho" (the benchmarks' baseline: a trivial go-plugin
// gRPC service answering Decode with the event as it came, set up as
// server.Serve sets up a plugin).
//
// Events of test.echo are answered by a copy with "decoded": true added;
// the member "trigger" changes that: "panic" panics in Decode, "crash"
// panics in another goroutine (the process dies), "exit" exits, "hang"
// never answers, "malformed" returns broken JSON, "array" returns a JSON
// array, "error" returns an error, "log" writes to stderr.
package main

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
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"runtime"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/plugins/internal/grpcplugin"
	pb "github.com/evplugin/evplugin/plugins/proto"
	"github.com/evplugin/evplugin/plugins/server"
	"github.com/evplugin/evplugin/registry"
)

func rule(path, value string) registry.Rule {
	return registry.All(registry.PathEquals(path, value))
}

var echo = plugins.Source{
	ID:             "test.echo",
	Title:          "Test events echoed back",
	Rule:           rule("test", "echo"),
	Priority:       1000,
	SensitivePaths: []string{"secret", "nested.token"},
	Samples:        []json.RawMessage{json.RawMessage(`{"test":"echo","secret":"s3cr3t"}`)},
	Decode:         decodeEcho,
}

var other = plugins.Source{
	ID:     "test.other",
	Title:  "Other test events",
	Rule:   rule("test", "other"),
	Decode: func(raw []byte) (json.RawMessage, error) { return raw, nil },
}

func decodeEcho(raw []byte) (json.RawMessage, error) {
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		return nil, err
	}
	switch ev["trigger"] {
	case "panic":
		panic("panic requested")
	case "crash":
		go func() { panic("crash requested") }()
		time.Sleep(time.Minute)
	case "exit":
		os.Exit(3)
	case "hang":
		select {}
	case "malformed":
		return json.RawMessage(`{"test":`), nil
	case "array":
		return json.RawMessage(`[1,2,3]`), nil
	case "error":
		return nil, errors.New("error requested")
	case "log":
		fmt.Fprintln(os.Stderr, "testplugin: a line on stderr")
		log.Println("testplugin: a line through log")
	}
	out := bytes.TrimSuffix(bytes.TrimSpace(raw), []byte("}"))
	return append(out, []byte(`,"decoded":true}`)...), nil
}

func main() {
	switch os.Getenv("EVPLUGIN_TESTPLUGIN_MODE") {
	case "":
		server.Serve(echo, other)
	case "aws":
		bad := other
		bad.ID = "aws.sqs"
		server.Serve(echo, bad)
	case "dup":
		server.Serve(echo, other, other)
	case "badrule":
		bad := other
		bad.Rule = registry.All(registry.PathExists("a..b"))
		server.Serve(echo, bad)
	case "none":
		server.Serve()
	case "rawrule":
		serveRaw(plugins.ProtocolVersion, &raw{rule: []byte(`{"all":[{"path":`)})
	case "version":
		serveRaw(plugins.ProtocolVersion+1, &raw{rule: []byte(`{"all":[{"path":"a","op":"exists"}]}`)})
	case "nodescribe":
		serveRaw(plugins.ProtocolVersion, &struct{ pb.UnimplementedPluginServer }{})
	case "hangdescribe":
		serveRaw(plugins.ProtocolVersion, &raw{hang: true})
	case "slowstart":
		time.Sleep(time.Minute)
	case "badhandshake":
		handshake("tcp", "not-an-address")
	case "silentport":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				go func() { _, _ = io.Copy(io.Discard, conn) }() // read, never answered
			}
		}()
		handshake("tcp", l.Addr().String())
	case "refusedport":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			log.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		handshake("tcp", addr)
	case "cookie":
		cfg := grpcplugin.Handshake(plugins.ProtocolVersion)
		cfg.MagicCookieValue = "another"
		plugin.Serve(&plugin.ServeConfig{HandshakeConfig: cfg, Plugins: grpcplugin.Set(grpcEcho{}), GRPCServer: plugin.DefaultGRPCServer})
	case "wrongcert", "nocert":
		serveTLS(os.Getenv("EVPLUGIN_TESTPLUGIN_MODE") == "wrongcert")
	case "marker":
		server.Serve(echo, other)
		if err := os.WriteFile(os.Getenv("EVPLUGIN_TESTPLUGIN_MARKER"), nil, 0o600); err != nil {
			log.Fatal(err)
		}
	case "grpcecho":
		runtime.GOMAXPROCS(1) // as server.Serve
		serveRaw(plugins.ProtocolVersion, grpcEcho{})
	case "exit":
		fmt.Fprintln(os.Stderr, "testplugin: exiting as asked")
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "testplugin: unknown mode")
		os.Exit(2)
	}
}

// handshake prints go-plugin's handshake line naming addr, as a plugin
// would once it listens, and waits to be killed.
func handshake(network, addr string) {
	fmt.Printf("%d|%d|%s|%s|grpc\n", plugin.CoreProtocolVersion, plugins.ProtocolVersion, network, addr)
	time.Sleep(time.Minute)
}

// serveTLS listens with TLS and a certificate of its own, prints a
// handshake line carrying another certificate (or none), and answers
// nothing.
func serveTLS(withCert bool) {
	serving, err := selfSigned()
	if err != nil {
		log.Fatal(err)
	}
	other, err := selfSigned()
	if err != nil {
		log.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{serving}, ClientAuth: tls.RequireAnyClientCert})
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() { _ = conn.(*tls.Conn).Handshake(); _, _ = io.Copy(io.Discard, conn) }()
		}
	}()
	cert := ""
	if withCert {
		cert = base64.RawStdEncoding.EncodeToString(other.Certificate[0])
	}
	fmt.Printf("%d|%d|tcp|%s|grpc|%s\n", plugin.CoreProtocolVersion, plugins.ProtocolVersion, l.Addr(), cert)
	time.Sleep(time.Minute)
}

// selfSigned makes a certificate for localhost.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// raw serves the protocol by hand, as a plugin not built with
// server.Serve (another language, another version) would.
type raw struct {
	pb.UnimplementedPluginServer
	rule []byte
	hang bool
}

func (r *raw) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	if r.hang {
		select {}
	}
	return &pb.DescribeResponse{Sources: []*pb.SourceDescriptor{{Id: "test.raw", Title: "raw", Rule: r.rule}}}, nil
}

// grpcEcho answers Decode with the event: no decoding, no checks.
type grpcEcho struct{ pb.UnimplementedPluginServer }

func (grpcEcho) Decode(_ context.Context, req *pb.DecodeRequest) (*pb.DecodeResponse, error) {
	return &pb.DecodeResponse{Document: req.GetEvent()}, nil
}

func serveRaw(version uint, srv pb.PluginServer) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: grpcplugin.Handshake(version),
		Plugins:         grpcplugin.Set(srv),
		GRPCServer:      plugin.DefaultGRPCServer,
	})
}
