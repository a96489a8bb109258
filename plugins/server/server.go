// Package server is the plugin side of evplugin's plugins: a plugin
// binary's main calls [Serve] with its sources. It is built on
// github.com/hashicorp/go-plugin's server, so plugins speak go-plugin's
// gRPC protocol, as plugins written in other languages do.
//
// It is a package of its own so that hosts, which import package plugins,
// link neither go-plugin nor what it brings (gRPC reflection, protobuf's
// descriptor machinery): Go runs the init of every linked package, and
// those took a third of a plugin-capable CLI's start.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/plugins/internal/grpcplugin"
	pb "github.com/evplugin/evplugin/plugins/proto"
)

// Serve serves sources to the evplugin host that started this binary; call
// it from main. It returns when the host is done with the plugin, and
// exits the process if the host dies without saying so. Run by hand,
// outside a host, the binary says it is a plugin and exits with status 1.
//
// A plugin runs on one processor unless GOMAXPROCS says otherwise: it
// answers one host, call by call, and on a small machine its idle
// scheduler threads compete with the host's. Measured on 2 cores, one
// processor cut the p50 of a decode round trip by a quarter.
func Serve(sources ...plugins.Source) {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	go exitWithParent(os.Getppid(), time.Second)
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: grpcplugin.Handshake(plugins.ProtocolVersion),
		Plugins:         grpcplugin.Set(newServer(sources)),
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(append(opts, grpc.MaxRecvMsgSize(plugins.MaxMessageSize), grpc.MaxSendMsgSize(plugins.MaxMessageSize))...)
		},
	})
}

// server implements the gRPC service over a plugin's sources.
type server struct {
	pb.UnimplementedPluginServer
	byID map[string]*plugins.Source
	desc *pb.DescribeResponse
}

func newServer(sources []plugins.Source) *server {
	s := &server{byID: map[string]*plugins.Source{}, desc: &pb.DescribeResponse{}}
	for i := range sources {
		src := &sources[i]
		if _, dup := s.byID[src.ID]; !dup {
			s.byID[src.ID] = src
		}
		rule, _ := json.Marshal(src.Rule) // plain data: never fails
		d := &pb.SourceDescriptor{
			Id:             src.ID,
			Title:          src.Title,
			Rule:           rule,
			Priority:       int64(src.Priority),
			SensitivePaths: src.SensitivePaths,
		}
		for _, sample := range src.Samples {
			d.Samples = append(d.Samples, sample)
		}
		s.desc.Sources = append(s.desc.Sources, d)
	}
	return s
}

func (s *server) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return s.desc, nil
}

func (s *server) Decode(_ context.Context, req *pb.DecodeRequest) (resp *pb.DecodeResponse, _ error) {
	src, ok := s.byID[req.GetSourceId()]
	if !ok || src.Decode == nil {
		return &pb.DecodeResponse{Error: fmt.Sprintf("no source %q in this plugin", req.GetSourceId())}, nil
	}
	defer func() {
		if r := recover(); r != nil {
			resp = &pb.DecodeResponse{Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	doc, err := src.Decode(req.GetEvent())
	if err != nil {
		return &pb.DecodeResponse{Error: err.Error()}, nil
	}
	return &pb.DecodeResponse{Document: doc}, nil
}

// exitWithParent ends the plugin once its parent, the host, is gone (the
// process is then re-parented), so a host killed without closing its
// plugins leaves none behind.
func exitWithParent(ppid int, every time.Duration) {
	if ppid <= 1 {
		return
	}
	for range time.Tick(every) {
		if os.Getppid() != ppid {
			os.Exit(0)
		}
	}
}
