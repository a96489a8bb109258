package plugins_test

import (
	"fmt"
	"os"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
)

// A host loads a plugin, registers its sources and decodes an event it
// claims.
func Example() {
	c, err := plugins.Open(ghPlugin, plugins.WithEnv("EVPLUGIN_GITHUB_SECRET=evplugin-test-secret"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	reg := registry.New()
	if err := c.Register(reg); err != nil {
		fmt.Println(err)
		return
	}

	raw, _ := os.ReadFile("../testdata/events/github.webhook/http-api-pull-request.json")
	v, err := reg.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := v.(*plugins.Event)
	gh := ev.Document["github"].(map[string]any)
	fmt.Println(ev.Source, "from", ev.Plugin)
	fmt.Println(gh["event"], gh["action"], gh["verification"])
	fmt.Println(ev.SensitivePaths()[1])
	// Output:
	// github.webhook from evplugin-github-webhook
	// pull_request opened valid
	// headers.x-hub-signature-256
}
