// Package cwlogs decodes the payload a CloudWatch Logs subscription
// delivers, gzip-compressed: in awslogs.data of aws.cloudwatch.logs (under
// base64), and as the data of Kinesis and Firehose records fed by a
// subscription filter. sources/cloudwatch names its types
// (cloudwatch.LogsPayload, cloudwatch.LogEvent); sources/kinesis and
// sources/firehose decode through it without linking that source.
package cwlogs

//go:generate go run ../genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

// Parse decodes a compressed subscription payload: data is gzip (or zlib)
// bytes, already decoded from base64. The decompressed payload may not
// exceed limit bytes; more is an error wrapping [inflate.ErrTooLarge].
func Parse(data []byte, limit int64) (*Payload, error) {
	raw, err := inflate.Bytes(data, limit)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: %w", err)
	}
	p := new(Payload)
	if err := lossless.Unmarshal(raw, p); err != nil {
		return nil, fmt.Errorf("cloudwatch: logs payload: %w", err)
	}
	return p, nil
}

// ParseWithin is Parse for the printer (see printer.DeriveWithin): it
// decodes the log events while their JSON adds up to less than limit
// bytes, and counts the rest. It streams the decompressed payload, so
// memory stays in proportion to limit; the payload is checked as Parse
// checks it, with the limit [inflate.DefaultLimit].
func ParseWithin(data []byte, limit int) (*View, error) {
	r, err := inflate.Reader(data, inflate.DefaultLimit)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: %w", err)
	}
	defer r.Close()
	v, err := decodeWithin(json.NewDecoder(&squeezer{r: r}), limit)
	if err != nil {
		return nil, fmt.Errorf("cloudwatch: logs payload: %w", err)
	}
	return v, nil
}

// View is a [Payload] as the printer shows it: its log events
// hide the payload's (which are left empty), and its policy level, the
// payload's, so that they print in the payload's order.
type View struct {
	Payload
	LogEvents   printer.Cut[LogEvent] `json:"logEvents"`
	PolicyLevel string                `json:"policyLevel"`
}

// decodeWithin decodes a payload from dec: its members but logEvents
// through [lossless.Unmarshal], and of its log events those that fit in
// limit bytes of JSON.
func decodeWithin(dec *json.Decoder, limit int) (*View, error) {
	if tok, err := dec.Token(); err != nil {
		return nil, err
	} else if tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	v := new(View)
	members := []byte{'{'}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if key != "logEvents" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			if len(members) > 1 {
				members = append(members, ',')
			}
			k, _ := json.Marshal(key)
			members = append(append(append(members, k...), ':'), raw...)
			continue
		}
		if tok, err = dec.Token(); err != nil {
			return nil, err
		} else if tok == nil {
			continue // null: no log events
		} else if tok != json.Delim('[') {
			return nil, errors.New("logEvents: not an array")
		}
		v.LogEvents.Items = []LogEvent{}
		kept := 0
		for dec.More() {
			if kept >= limit {
				var skip struct{}
				if err := dec.Decode(&skip); err != nil {
					return nil, err
				}
				v.LogEvents.More++
				continue
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			var e LogEvent
			if err := lossless.Unmarshal(raw, &e); err != nil {
				return nil, err
			}
			v.LogEvents.Items = append(v.LogEvents.Items, e)
			kept += len(raw)
		}
		if _, err := dec.Token(); err != nil { // ]
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the document")
	}
	if v.LogEvents.More > 0 {
		v.LogEvents.Noun = "log events"
	}
	if err := lossless.Unmarshal(append(members, '}'), &v.Payload); err != nil {
		return nil, err
	}
	v.PolicyLevel = v.Payload.PolicyLevel
	return v, nil
}

// squeezer reads JSON text from r with each run of whitespace between
// tokens cut to one byte: json.Decoder's Token and More rescan a run of
// whitespace at each refill of their buffer, in time quadratic in its
// length (seconds for a few MiB of spaces).
type squeezer struct {
	r              io.Reader
	str, esc, wasW bool // in a string; after its backslash; after whitespace
}

func (s *squeezer) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			switch {
			case s.str:
				s.str = s.esc || c != '"'
				s.esc = !s.esc && c == '\\'
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				if s.wasW {
					continue
				}
				s.wasW = true
				p[k] = c
				k++
				continue
			default:
				s.str = c == '"'
			}
			s.wasW = false
			p[k] = c
			k++
		}
		if k > 0 || err != nil {
			return k, err
		}
	}
}

// The message types of a [Payload].
const (
	DataMessage    = "DATA_MESSAGE"
	ControlMessage = "CONTROL_MESSAGE"
)

// Payload is the decompressed content of a subscription delivery.
type Payload struct {
	lossless.Extra
	MessageType         string     `json:"messageType"` // DATA_MESSAGE, or CONTROL_MESSAGE to check the destination
	Owner               string     `json:"owner"`       // the account ID of the log data
	LogGroup            string     `json:"logGroup"`
	LogStream           string     `json:"logStream"`
	SubscriptionFilters []string   `json:"subscriptionFilters"`
	LogEvents           []LogEvent `json:"logEvents"`
	PolicyLevel         string     `json:"policyLevel"` // LOG_GROUP_LEVEL_POLICY or ACCOUNT_LEVEL_POLICY
}

// IsControlMessage reports whether the payload is a control message,
// which CloudWatch Logs sends to check that the destination is reachable;
// it carries no log data.
func (p Payload) IsControlMessage() bool { return p.MessageType == ControlMessage }

// LogEvent is one log event.
//
//evplugin:derived Time
type LogEvent struct {
	lossless.Extra
	ID              string            `json:"id"`
	Timestamp       int64             `json:"timestamp"` // epoch milliseconds
	Message         string            `json:"message"`
	ExtractedFields map[string]string `json:"extractedFields"` // fields a space-delimited filter pattern names
}

// Time is Timestamp as a time; an error when there is none.
func (e LogEvent) Time() (time.Time, error) {
	if e.Timestamp == 0 {
		return time.Time{}, errors.New("cloudwatch: log event without timestamp")
	}
	return time.UnixMilli(e.Timestamp).UTC(), nil
}

// JSONMessage decodes the message, a JSON document, into v.
func (e LogEvent) JSONMessage(v any) error { return body.JSON([]byte(e.Message), v) }
