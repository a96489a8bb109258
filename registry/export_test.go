package registry

import "github.com/go-json-experiment/json"

// GeneralUnmarshalOptions exposes the general codec's options to tests,
// which compare the compiled decoder with it.
func GeneralUnmarshalOptions() json.Options { return unmarshalOpts }

// RaceEnabled tells external tests whether the race detector is on.
const RaceEnabled = raceEnabled
