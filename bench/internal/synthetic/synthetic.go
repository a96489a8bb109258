// Package synthetic makes event sources shaped like AWS ones, to measure
// start-up with as many sources as the catalog (../shared/SOURCES.md) will
// hold, before they are written.
//
// It is a simple stand-in, with rules over about one distinct path per
// source; the detection benchmarks of issue 6 bring a generator of their own.
//
// Imported, it registers nothing unless EVPLUGIN_SYNTHETIC_SOURCES is a
// number n: then its init function registers n sources with
// registry.Default, one Register call each, as n source packages would from
// their own init functions. cmd/inittime sets it to time that.
package synthetic

import (
	"fmt"
	"os"
	"strconv"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
)

// Env names the environment variable that makes init register sources.
const Env = "EVPLUGIN_SYNTHETIC_SOURCES"

func init() {
	n, err := strconv.Atoi(os.Getenv(Env))
	if err != nil || n <= 0 {
		return
	}
	for _, s := range Sources(n) {
		registry.Default.MustRegister(s)
	}
}

// Event is the type every synthetic source decodes into.
type Event struct {
	lossless.Extra
	Records []Record       `json:"Records"`
	Source  string         `json:"source"`
	Detail  map[string]any `json:"detail"`
}

// Record is one record of a batch.
type Record struct {
	lossless.Extra
	EventSource string `json:"eventSource"`
	Body        string `json:"body"`
}

// Sources returns n sources with IDs "synthetic.<i>", in turn of five rule
// shapes the built-in sources use; every name and value holds "synthetic",
// so none matches a real event.
func Sources(n int) []registry.Source {
	srcs := make([]registry.Source, n)
	for i := range srcs {
		var (
			rule     registry.Rule
			priority int
		)
		switch i % 5 {
		case 0: // a batch of records with an exact eventSource
			rule = registry.All(registry.PathEquals("Records[0].eventSource", fmt.Sprintf("aws:synthetic%d", i)))
			priority = 300
		case 1: // an EventBridge event with a source and a member of detail
			rule = registry.All(registry.PathEquals("source", fmt.Sprintf("aws.synthetic%d", i)),
				registry.PathExists(fmt.Sprintf("detail.synthetic%d", i)))
			priority = 150
		case 2: // an exact discriminator at the top level
			rule = registry.All(registry.PathEquals(fmt.Sprintf("synthetic%dType", i), "synthetic"))
			priority = 200
		case 3: // a distinctive set of keys
			rule = registry.All(registry.PathExists(fmt.Sprintf("synthetic%dId", i)),
				registry.PathExists(fmt.Sprintf("requestContext.synthetic%d", i)),
				registry.PathAbsent("syntheticNot"))
			priority = 100
		default: // alternatives
			rule = registry.Any(registry.PathPrefix(fmt.Sprintf("synthetic%dVersion", i), "synthetic"),
				registry.PathContains(fmt.Sprintf("synthetic%dArn", i), ":synthetic:"))
			priority = 100
		}
		srcs[i] = registry.Source{
			ID:       fmt.Sprintf("synthetic.%d", i),
			Title:    "synthetic source",
			New:      func() any { return new(Event) },
			Rule:     rule,
			Priority: priority,
		}
	}
	return srcs
}
