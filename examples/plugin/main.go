// Command plugin receives GitHub webhook deliveries through an API Gateway
// REST API, decoded by a plugin: the github-webhook example plugin
// (plugins/examples/github-webhook), loaded at start from the path in
// EVPLUGIN_GITHUB_PLUGIN (default /opt/bin/evplugin-github-webhook, where a
// Lambda layer puts it). The plugin verifies the signature with the secret
// in GITHUB_WEBHOOK_SECRET; the handler answers 401 to a delivery whose
// signature does not verify, and logs each delivery with its signature
// headers masked, as the plugin declares them.
//
//	go build -o /opt/bin/ github.com/evplugin/evplugin/plugins/examples/github-webhook
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
)

// open starts the plugin at path and registers its sources in
// registry.Default, so that evplugin.Decode detects and decodes them.
func open(path, secret string) (*plugins.Client, error) {
	c, err := plugins.Open(path, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET="+secret))
	if err != nil {
		return nil, err
	}
	if err := c.Register(registry.Default); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

// delivery is what the plugin adds to the event under "github".
type delivery struct {
	Event        string `json:"event"`
	Delivery     string `json:"delivery"`
	Verification string `json:"verification"`
	Repository   struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

func handler(ctx context.Context, raw json.RawMessage) (apigateway.RESTResponse, error) {
	v, err := evplugin.Decode(raw)
	if err != nil {
		return apigateway.RESTResponse{}, err
	}
	e, ok := v.(*plugins.Event)
	if !ok || e.Source != "github.webhook" {
		return apigateway.RESTResponse{}, fmt.Errorf("not a GitHub delivery: %T", v)
	}
	slog.InfoContext(ctx, "delivery", "event", evplugin.LogValue(e))
	var doc struct {
		GitHub delivery `json:"github"`
	}
	if err := json.Unmarshal(e.JSON, &doc); err != nil {
		return apigateway.RESTResponse{}, err
	}
	d := doc.GitHub
	if d.Verification != "valid" {
		return apigateway.RESTJSONResponse(http.StatusUnauthorized, map[string]string{"error": "signature " + d.Verification})
	}
	return apigateway.RESTJSONResponse(http.StatusAccepted, map[string]string{"event": d.Event, "delivery": d.Delivery, "repository": d.Repository.FullName})
}

func main() {
	path := os.Getenv("EVPLUGIN_GITHUB_PLUGIN")
	if path == "" {
		path = "/opt/bin/evplugin-github-webhook"
	}
	c, err := open(path, os.Getenv("GITHUB_WEBHOOK_SECRET"))
	if err != nil {
		slog.Error("loading the plugin", "err", err)
		os.Exit(1)
	}
	defer c.Close()
	lambda.Start(handler)
}
