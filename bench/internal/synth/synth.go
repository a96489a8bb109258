// Package synth generates synthetic event sources shaped like AWS ones, to
// measure detection and registration with as many sources as the catalog
// (../shared/SOURCES.md) will hold, before they are written.
//
// Sources(139) with the 11 built-in sources makes 150 sources over about
// 150 distinct paths. Their rules follow the shapes of real ones, in turn:
//
//   - Records[0].eventSource equals "aws:…" (SQS, S3, Kinesis, SES, MQ, ...),
//     some also requiring a member of the record (Records[0].kinesis);
//   - EventBridge events: top-level source and detail-type equal values,
//     some also requiring a member of detail;
//   - an exact top-level discriminator (eventType equals "…") with a key;
//   - Cognito-like triggers: triggerSource prefix "…_", userPoolId and a
//     member of request;
//   - distinctive key sets with exists and absent (API Gateway, ALB,
//     CloudFormation, Config);
//   - nested paths such as requestContext.<name>.id;
//   - a few any-groups (version equals "1.0" or "3.0", or a key).
//
// Every value holds "synth" and every member name a number, so no
// synthetic rule matches a real event: with them registered, every real
// event is detected as before.
// Events returns one event per synthetic source, which only that source
// matches.
//
// An init-time measurement registers them from init():
//
//	func init() {
//		for _, s := range synth.Sources(139) {
//			registry.Default.MustRegister(s)
//		}
//	}
package synth

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/registry"
)

// Priorities, as the bands of package sources.
const (
	priorityRecord   = 300
	priorityExact    = 200
	prioritySpecific = 150
	priorityShape    = 100
)

// Event is the type every synthetic source decodes into: a plain tagged
// struct, as a user's own in-process source may have.
type Event struct {
	Source     string `json:"source"`
	DetailType string `json:"detail-type"`
}

// shapes is the number of rule shapes Sources cycles through.
const shapes = 10

// Sources returns n synthetic sources with IDs "synth.<shape>.<i>", the
// same for the same n (and the first n of a longer list).
func Sources(n int) []registry.Source {
	out := make([]registry.Source, n)
	for i := range out {
		out[i] = source(i)
	}
	return out
}

// Events returns, for each of Sources(n), a JSON event that only that
// source matches.
func Events(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		b, err := json.Marshal(event(i))
		if err != nil {
			panic(err) // maps of strings, numbers and slices always marshal
		}
		out[i] = b
	}
	return out
}

func exists(path string) registry.Cond { return registry.Cond{Path: path, Op: registry.Exists} }
func absent(path string) registry.Cond { return registry.Cond{Path: path, Op: registry.Absent} }
func equals(path, v string) registry.Cond {
	return registry.Cond{Path: path, Op: registry.Equals, Value: v}
}

// names of services, so that keys read like AWS ones.
var services = []string{"kinesis", "ses", "mq", "kafka", "lex", "chime", "iot", "connect", "batch", "glue",
	"athena", "backup", "macie", "inspector", "detective", "shield", "waf", "xray", "emr", "sagemaker"}

// key returns a member name for source i, distinct per i and role, and
// unlike any AWS one by its number.
func key(i int, role string) string {
	return fmt.Sprintf("%s%s%d", services[i%len(services)], role, i)
}

// ebSource names the EventBridge source of source i: two detail-types
// each, as aws.ecr has scans and image actions.
func ebSource(i int) string { return services[i/shapes%len(services)] }

func source(i int) registry.Source {
	s := registry.Source{
		ID:    fmt.Sprintf("synth.%d.%d", i%shapes, i),
		Title: fmt.Sprintf("synthetic source %d", i),
		New:   func() any { return new(Event) },
	}
	svc := services[i%len(services)]
	switch i % shapes {
	case 0: // a record with an exact eventSource
		s.Rule.All = []registry.Cond{equals("Records[0].eventSource", "aws:synth"+svc+fmt.Sprint(i))}
		s.Priority = priorityRecord
	case 1: // ... and a member of its own, as Records[0].kinesis
		s.Rule.All = []registry.Cond{equals("Records[0].eventSource", "aws:synth"+svc+fmt.Sprint(i)), exists("Records[0]." + key(i, ""))}
		s.Priority = priorityRecord
	case 2: // an EventBridge event with a known source and detail-type
		s.Rule.All = []registry.Cond{equals("source", "aws.synth"+ebSource(i)), equals("detail-type", fmt.Sprintf("Synth %s Change %d", svc, i)), exists("detail")}
		s.Priority = prioritySpecific
	case 3: // ... with a member of detail
		s.Rule.All = []registry.Cond{equals("source", "aws.synth"+ebSource(i)), equals("detail-type", fmt.Sprintf("Synth %s Action %d", svc, i)), exists("detail." + key(i, "Id"))}
		s.Priority = prioritySpecific
	case 4: // a distinctive key set
		s.Rule.All = []registry.Cond{exists(key(i, "Arn")), exists(key(i, "Token")), absent("type")}
		s.Priority = priorityShape
	case 5: // a nested request context, as ALB's requestContext.elb
		s.Rule.All = []registry.Cond{exists("requestContext." + key(i, "") + ".id"), exists("requestContext"), absent("httpMethod")}
		s.Priority = priorityShape
	case 6: // an exact top-level discriminator and a key
		s.Rule.All = []registry.Cond{equals("eventType", fmt.Sprintf("Synth%sEvent%d", svc, i)), exists(key(i, "Id"))}
		s.Priority = priorityExact
	case 7: // a Cognito-like trigger
		s.Rule.All = []registry.Cond{{Path: "triggerSource", Op: registry.Prefix, Value: fmt.Sprintf("Synth%s%d_", svc, i)},
			exists("userPoolId"), exists("request." + key(i, ""))}
		s.Priority = priorityExact
	case 8: // an any-group
		s.Rule.All = []registry.Cond{exists(key(i, "Kind"))}
		s.Rule.Any = []registry.Cond{equals("version", "1.0"), equals("version", "3.0"), exists("alternative")}
		s.Priority = priorityShape
	case 9: // a key set refusing records
		s.Rule.All = []registry.Cond{exists(key(i, "Name")), absent("Records"), {Path: key(i, "Name"), Op: registry.Contains, Value: "synth"}}
		s.Priority = priorityShape
	}
	return s
}

// event returns the JSON value of an event only source(i) matches.
func event(i int) map[string]any {
	svc := services[i%len(services)]
	switch i % shapes {
	case 0:
		return map[string]any{"Records": []any{map[string]any{"eventSource": "aws:synth" + svc + fmt.Sprint(i), "eventVersion": "1.0"}}}
	case 1:
		return map[string]any{"Records": []any{map[string]any{"eventSource": "aws:synth" + svc + fmt.Sprint(i), key(i, ""): map[string]any{"data": "x"}}}}
	case 2:
		return map[string]any{"version": "0", "source": "aws.synth" + ebSource(i), "detail-type": fmt.Sprintf("Synth %s Change %d", svc, i), "detail": map[string]any{}}
	case 3:
		return map[string]any{"version": "0", "source": "aws.synth" + ebSource(i), "detail-type": fmt.Sprintf("Synth %s Action %d", svc, i), "detail": map[string]any{key(i, "Id"): 1}}
	case 4:
		return map[string]any{key(i, "Arn"): "arn:aws:synth", key(i, "Token"): "t"}
	case 5:
		return map[string]any{"requestContext": map[string]any{key(i, ""): map[string]any{"id": "x"}}, "path": "/"}
	case 6:
		return map[string]any{"eventType": fmt.Sprintf("Synth%sEvent%d", svc, i), key(i, "Id"): "x"}
	case 7:
		return map[string]any{"triggerSource": fmt.Sprintf("Synth%s%d_Go", svc, i), "userPoolId": "p", "request": map[string]any{key(i, ""): true}}
	case 8:
		return map[string]any{key(i, "Kind"): "k", "version": "3.0"}
	default:
		return map[string]any{key(i, "Name"): "a synth name"}
	}
}
