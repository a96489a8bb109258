// Package all imports every built-in source, registering each with
// registry.Default.
package all

import (
	_ "github.com/evplugin/evplugin/sources/sqs" // aws.sqs
)
