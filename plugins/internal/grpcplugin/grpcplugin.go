// Package grpcplugin binds the generated evplugin service
// (plugins/proto) to go-plugin's server, for package plugins/server and
// for the test plugin that serves the protocol by hand. Hosts do not
// import it: package plugins speaks go-plugin's protocol itself.
package grpcplugin

import (
	"context"
	"errors"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/evplugin/evplugin/plugins"
	pb "github.com/evplugin/evplugin/plugins/proto"
)

// Name is the name of the only plugin in a binary's go-plugin set.
const Name = "evplugin"

// Handshake is go-plugin's handshake configuration for the evplugin
// protocol at version.
func Handshake(version uint) plugin.HandshakeConfig {
	return plugin.HandshakeConfig{
		ProtocolVersion:  version,
		MagicCookieKey:   plugins.MagicCookieKey,
		MagicCookieValue: plugins.MagicCookieValue,
	}
}

// Set is the plugin set of a binary serving impl.
func Set(impl pb.PluginServer) plugin.PluginSet {
	return plugin.PluginSet{Name: &Plugin{Impl: impl}}
}

// Plugin is the go-plugin side of the service: the server side registers
// Impl; the client side, for a go-plugin host (the benchmarks' baseline),
// returns a pb.PluginClient.
type Plugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl pb.PluginServer
}

// GRPCServer registers p.Impl with s.
func (p *Plugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	if p.Impl == nil {
		return errors.New("grpcplugin: no implementation to serve")
	}
	pb.RegisterPluginServer(s, p.Impl)
	return nil
}

// GRPCClient returns a pb.PluginClient on cc.
func (p *Plugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, cc *grpc.ClientConn) (any, error) {
	return pb.NewPluginClient(cc), nil
}
