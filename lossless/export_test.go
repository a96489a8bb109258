package lossless

import "github.com/go-json-experiment/json"

// GeneralUnmarshalOptions exposes the general codec's options to tests,
// which compare the compiled decoder with it.
func GeneralUnmarshalOptions() json.Options { return unmarshalOpts }
