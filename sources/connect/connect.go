// Package connect models the event Amazon Connect sends to a Lambda
// function from a flow's "Invoke AWS Lambda function" block, and the
// response the block reads back.
//
//	aws.connect.contactflow  ContactFlowEvent  https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html
//
// The event carries the contact ([ContactData]: its IDs, channel, how it
// was initiated, endpoints, queue, media streams, user-defined attributes
// and tags) and the block's input parameters, which are text or, with JSON
// input parameters, any JSON value.
//
// Channels, initiation methods and endpoint types are plain strings with
// constants for the values AWS documents: a value AWS adds later (a new
// channel, a new way to start a contact) decodes as it is.
//
// The block validates the function's answer one of two ways. With
// STRING_MAP, the answer must be a flat object of string values: build it
// as a [Response], which refuses nested values. With JSON, any JSON value
// is accepted: return it as it is. The block's results are then available
// to the flow under $.External.
//
// CustomerEndpoint.Address is the customer's phone number or email
// address: personal data, not a secret, and the printer shows it.
package connect

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/evplugin/evplugin/internal/epoch"
	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
)

func init() {
	// Name is "ContactFlowEvent" in every event AWS documents, but older
	// fixtures spell it otherwise or leave it out: the shape decides.
	sources.Register[ContactFlowEvent]("aws.connect.contactflow", "Amazon Connect flow (Invoke AWS Lambda function block)", sources.PriorityShape,
		registry.All(registry.PathExists("Details.ContactData.ContactId"), registry.PathExists("Details.ContactData.InstanceARN")))
}

// EventName is the Name of a flow event.
const EventName = "ContactFlowEvent"

// The channels of a contact.
const (
	ChannelVoice = "VOICE"
	ChannelChat  = "CHAT"
	ChannelTask  = "TASK"
	ChannelEmail = "EMAIL"
)

// The ways a contact is initiated (InitiationMethod).
const (
	InitiationInbound          = "INBOUND"
	InitiationOutbound         = "OUTBOUND"
	InitiationTransfer         = "TRANSFER"
	InitiationQueueTransfer    = "QUEUE_TRANSFER"
	InitiationCallback         = "CALLBACK"
	InitiationAPI              = "API"
	InitiationDisconnect       = "DISCONNECT"
	InitiationMonitor          = "MONITOR"
	InitiationExternalOutbound = "EXTERNAL_OUTBOUND"
	InitiationWebRTCAPI        = "WEBRTC_API"
	InitiationAgentReply       = "AGENT_REPLY"
	InitiationFlow             = "FLOW"
)

// The types of an [Endpoint].
const (
	EndpointTelephoneNumber = "TELEPHONE_NUMBER"
	EndpointVoIP            = "VOIP"
	EndpointContactFlow     = "CONTACT_FLOW"
	EndpointEmailAddress    = "EMAIL_ADDRESS"
)

// ContactFlowEvent is what a flow sends the function.
type ContactFlowEvent struct {
	lossless.Extra
	Name    string  `json:"Name"` // EventName
	Details Details `json:"Details"`
}

// Details holds the contact and the block's input parameters.
type Details struct {
	lossless.Extra
	ContactData ContactData `json:"ContactData"`
	// Parameters are the block's input parameters: text, or any JSON
	// value when the block sends JSON (numbers as json.Number).
	Parameters map[string]any `json:"Parameters"`
}

// Parameter returns the input parameter name when it is text.
func (d Details) Parameter(name string) (string, bool) {
	s, ok := d.Parameters[name].(string)
	return s, ok
}

// ParametersAs decodes the input parameters into v, a pointer to the
// caller's struct or map (see lossless.Into for the rules).
func (d Details) ParametersAs(v any) error {
	if err := lossless.Into(d.Parameters, v); err != nil {
		return fmt.Errorf("connect: parameters: %w", err)
	}
	return nil
}

// ContactData is the contact the flow runs for.
//
//evplugin:derived Instance
type ContactData struct {
	lossless.Extra
	// Attributes are the contact's user-defined attributes.
	Attributes        map[string]string    `json:"Attributes"`
	Channel           string               `json:"Channel"` // VOICE, CHAT, TASK, EMAIL
	ContactID         string               `json:"ContactId"`
	CustomerEndpoint  *Endpoint            `json:"CustomerEndpoint"` // null for some channels
	CustomerID        string               `json:"CustomerId"`
	Description       string               `json:"Description"`
	InitialContactID  string               `json:"InitialContactId"`
	InitiationMethod  string               `json:"InitiationMethod"`
	InstanceARN       string               `json:"InstanceARN"`
	LanguageCode      string               `json:"LanguageCode"`
	MediaStreams      *MediaStreams        `json:"MediaStreams"`
	Name              string               `json:"Name"` // the contact's name (tasks)
	PreviousContactID string               `json:"PreviousContactId"`
	Queue             *Queue               `json:"Queue"` // null before the contact is queued
	References        map[string]Reference `json:"References"`
	RelatedContactID  string               `json:"RelatedContactId"`
	SegmentAttributes map[string]any       `json:"SegmentAttributes"`
	SystemEndpoint    *Endpoint            `json:"SystemEndpoint"`
	Tags              map[string]string    `json:"Tags"`
}

// Instance is InstanceARN parsed; its resource is "instance/<id>".
func (c ContactData) Instance() (arn.ARN, error) { return arn.Parse(c.InstanceARN) }

// Attribute returns the user-defined attribute name, and whether the
// contact has it.
func (c ContactData) Attribute(name string) (string, bool) {
	v, ok := c.Attributes[name]
	return v, ok
}

// CustomerAudio returns the customer's audio stream, and whether the
// contact has one: MediaStreams, Customer and Audio may each be absent or
// null.
func (c ContactData) CustomerAudio() (Audio, bool) {
	if c.MediaStreams == nil || c.MediaStreams.Customer == nil || c.MediaStreams.Customer.Audio == nil {
		return Audio{}, false
	}
	return *c.MediaStreams.Customer.Audio, true
}

// Endpoint is a phone number, an email address or another address of a
// contact.
type Endpoint struct {
	lossless.Extra
	Address string `json:"Address"`
	Type    string `json:"Type"` // TELEPHONE_NUMBER, VOIP, EMAIL_ADDRESS, ...
}

// Queue is the queue a contact is in.
type Queue struct {
	lossless.Extra
	ARN              string    `json:"ARN"`
	Name             string    `json:"Name"`
	OutboundCallerID *Endpoint `json:"OutboundCallerId"`
}

// Reference is a reference attached to a task or contact: a URL, an
// attachment, a number, ...
type Reference struct {
	lossless.Extra
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// MediaStreams holds the contact's live media streams (Kinesis Video
// Streams), when live media streaming is on.
type MediaStreams struct {
	lossless.Extra
	Customer *CustomerMedia `json:"Customer"`
}

// CustomerMedia holds the customer's audio stream.
type CustomerMedia struct {
	lossless.Extra
	Audio *Audio `json:"Audio"`
}

// Audio is where the customer's audio is streamed. Every member is null
// until streaming starts.
type Audio struct {
	lossless.Extra
	StartFragmentNumber string `json:"StartFragmentNumber"`
	StartTimestamp      string `json:"StartTimestamp"` // epoch milliseconds, as text
	StopFragmentNumber  string `json:"StopFragmentNumber"`
	StopTimestamp       string `json:"StopTimestamp"`
	StreamARN           string `json:"StreamARN"`
}

// StartTime is StartTimestamp as a UTC time.
func (a Audio) StartTime() (time.Time, error) { return millis("StartTimestamp", a.StartTimestamp) }

// StopTime is StopTimestamp as a UTC time.
func (a Audio) StopTime() (time.Time, error) { return millis("StopTimestamp", a.StopTimestamp) }

func millis(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("connect: no %s", name)
	}
	t, err := epoch.Millis(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("connect: %s: %w", name, err)
	}
	return t, nil
}

// Response is the answer to a block whose response validation is
// STRING_MAP: a flat object of string values.
type Response map[string]string

// NewResponse returns the response holding values, each converted by
// [Response.Set]; a nested or null value is an error naming its key.
func NewResponse(values map[string]any) (Response, error) {
	r := make(Response, len(values))
	for k, v := range values {
		if err := r.Set(k, v); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// ErrNested is the error of putting a nested value (an object, an array,
// a struct) or null into a [Response]: a STRING_MAP response holds text
// only. Return such values with the block's JSON response validation.
var ErrNested = errors.New("connect: a STRING_MAP response holds strings only (use JSON response validation for nested values)")

// Set sets key to value as text: a string as it is, a bool as true or
// false, an integer in decimal, a float in its shortest form, a
// json.Number with its digits. Anything else (maps, slices, structs,
// nil, NaN and infinities) is an error wrapping [ErrNested], and r is
// unchanged. An empty key is an error too.
func (r Response) Set(key string, value any) error {
	if key == "" {
		return errors.New("connect: a response key is empty")
	}
	s, err := text(value)
	if err != nil {
		return fmt.Errorf("%w: %q is %v", ErrNested, key, err)
	}
	r[key] = s
	return nil
}

func text(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", fmt.Errorf("%v", f)
		}
		return strconv.FormatFloat(f, 'f', -1, rv.Type().Bits()), nil
	case reflect.Invalid:
		return "", errors.New("null")
	}
	return "", fmt.Errorf("a %T", v)
}
