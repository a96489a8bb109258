// Package eventbridge models the events Amazon EventBridge delivers to
// Lambda.
//
//	aws.eventbridge  Event  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
//
// [Event] is any EventBridge event that no more specific source claims: its
// detail stays free-form JSON, and [Event.DetailAs] decodes it into the
// caller's struct. Sources that type the detail of one kind of event embed
// [Envelope], the members every EventBridge event carries, beside their own
// typed Detail field.
package eventbridge

//go:generate go run ../internal/genlossless

import (
	"errors"
	"fmt"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	sources.Register[Event]("aws.eventbridge", "Amazon EventBridge event (any source and detail-type)", sources.PriorityGeneric,
		registry.All(registry.PathExists("source"), registry.PathExists("detail-type"), registry.PathExists("detail")))
}

// Event is an EventBridge event whose detail is free-form JSON (numbers as
// [encoding/json.Number], so no digit is lost).
type Event struct {
	lossless.Extra
	Envelope
	Detail map[string]any `json:"detail"`
}

// Envelope holds the members every EventBridge event carries besides
// detail. It is embedded, without a json name, in [Event] and in the typed
// events of other sources, so its members are those of the embedding
// event; it has no [lossless.Extra] of its own, the embedding struct's
// keeps the members nobody models.
//
// The member "time" is the field Timestamp, as the method [Envelope.Time]
// parses it.
//
//evplugin:derived Time
type Envelope struct {
	Version    string   `json:"version"`
	ID         string   `json:"id"`
	DetailType string   `json:"detail-type"`
	Source     string   `json:"source"`
	Account    string   `json:"account"`
	Timestamp  string   `json:"time"`
	Region     string   `json:"region"`
	Resources  []string `json:"resources"`
	ReplayName string   `json:"replay-name"` // replayed events only
}

// Derived lists the derived values the printer shows. An event type that
// embeds Envelope and lists derived values of its own starts from these:
// append(e.Envelope.Derived(), ...).
// Time is the event's time member, an RFC 3339 timestamp, as a time.
func (e Envelope) Time() (time.Time, error) {
	if e.Timestamp == "" {
		return time.Time{}, errors.New("eventbridge: the event has no time")
	}
	t, err := time.Parse(time.RFC3339, e.Timestamp)
	if err != nil {
		return time.Time{}, fmt.Errorf("eventbridge: time: %w", err)
	}
	return t, nil
}

// IsReplay reports whether the event was replayed from an archive: replayed
// events carry the name of the replay.
func (e Envelope) IsReplay() bool { return e.ReplayName != "" }

// DetailAs decodes the detail into v, a pointer to the caller's struct (or
// map), through github.com/go-viper/mapstructure/v2, by the rules the
// DynamoDB source's UnmarshalMap shares:
//
//   - a member matches the field named by its json tag (else its dynamodbav
//     tag, else its Go name) exactly; embedded structs are flattened;
//     members v does not have are ignored;
//   - a number goes into any integer or float field it fits without loss
//     (an error otherwise: 1.50 into an int, 300 into an int8; 1E+3 and
//     100.0 are integers), into a string field as its text (12 gives
//     "12"), into an encoding/json.Number or an any field as its literal,
//     into math/big.Int, big.Float and big.Rat fields, and into a
//     time.Time field as epoch seconds;
//   - a string goes into a string field, and into a time.Time as RFC 3339;
//   - null leaves the field as it was.
//
// An event without detail (absent or null) is an error; an empty detail {}
// decodes into nothing.
func (e Event) DetailAs(v any) error {
	if e.Detail == nil {
		return errors.New("eventbridge: the event has no detail")
	}
	if err := lossless.Into(e.Detail, v); err != nil {
		return fmt.Errorf("eventbridge: detail: %w", err)
	}
	return nil
}

// CarriedPayload is the detail, for [sources.Unwrap]: yielded when a
// registered source detects an event in it.
func (e Event) CarriedPayload(int64) sources.Carried {
	return sources.Carried{Path: "detail", Object: e.Detail}
}
