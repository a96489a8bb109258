// Package grpcplugin binds the generated evplugin service
// (plugins/proto) to go-plugin, for package plugins and for the test
// plugin that serves the protocol by hand.
package grpcplugin

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/evplugin/evplugin/plugins/proto"
)

// Plugin is the go-plugin side of the service: the server side registers
// Server, the client side returns a pb.PluginClient.
type Plugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl pb.PluginServer
}

// GRPCServer registers p.Impl with s.
func (p *Plugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterPluginServer(s, p.Impl)
	return nil
}

// GRPCClient returns a pb.PluginClient on cc.
func (p *Plugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, cc *grpc.ClientConn) (any, error) {
	return pb.NewPluginClient(cc), nil
}
