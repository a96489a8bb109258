// Command evplugin-github-webhook is an evplugin plugin providing the
// source github.webhook: GitHub webhook deliveries arriving through an API
// Gateway REST API, an HTTP API or a Lambda function URL.
//
// It claims events carrying the X-GitHub-Event header and decodes the
// delivery: event name, delivery and hook IDs, action, repository, sender
// and the JSON payload. When EVPLUGIN_GITHUB_SECRET is set in its
// environment it verifies X-Hub-Signature-256 against it and reports
// "valid" or "invalid"; otherwise "unverified".
//
// Build it and load it:
//
//	go build -o evplugin-github-webhook ./plugins/examples/github-webhook
//	evplugin decode --plugin ./evplugin-github-webhook event.json
package main

import (
	"os"

	"github.com/evplugin/evplugin/plugins/server"
)

func main() {
	server.Serve(NewSource(os.Getenv("EVPLUGIN_GITHUB_SECRET")))
}
