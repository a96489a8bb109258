// Package cloudformation models the requests AWS CloudFormation sends to
// the Lambda function behind a custom resource, and sends the response
// CloudFormation waits for.
//
//	aws.cloudformation.customresource  CustomResourceEvent  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
//
// A custom resource answers not by returning a value but by uploading a
// JSON response to the presigned S3 URL of the request (ResponseURL):
// build it with [CustomResourceEvent.Success] or
// [CustomResourceEvent.Failure], and send it with [CustomResourceEvent.Send]
// or a configured [Sender] (retries with backoff, bounded by the context),
// or let [Sender.Handle] do both around a handler function. Until a
// response arrives the stack operation waits, up to the resource's
// ServiceTimeout (one hour by default).
//
// The ResponseURL is a credential: whoever holds it can answer for the
// stack. The printer masks it, and errors of the sender never show its
// query (where the signature is).
package cloudformation

//go:generate go run ../internal/genlossless

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
	"github.com/evplugin/evplugin/sources/internal/body"
)

func init() {
	// Members every request has (PhysicalResourceId comes only with
	// Update and Delete, OldResourceProperties only with Update). The rule
	// leaves ResponseURL out although every request has it: Explain would
	// quote its value, a credential.
	sources.Register[CustomResourceEvent]("aws.cloudformation.customresource", "AWS CloudFormation custom resource", sources.PriorityShape,
		registry.All(
			registry.PathExists("RequestType"),
			registry.PathExists("StackId"),
			registry.PathExists("RequestId"),
			registry.PathExists("LogicalResourceId"),
			registry.PathExists("ResourceType"),
		))
}

// RequestType is the stack operation a request is for.
type RequestType string

// The request types.
const (
	RequestCreate RequestType = "Create"
	RequestUpdate RequestType = "Update"
	RequestDelete RequestType = "Delete"
)

// CustomResourceEvent is a request to a custom resource provider.
//
// ResourceProperties are the properties the template gives the resource,
// ServiceToken included, as CloudFormation sends them: every scalar is a
// string ("5", "true"), lists and objects keep their shape.
type CustomResourceEvent struct {
	lossless.Extra
	RequestType           RequestType    `json:"RequestType"`
	ServiceToken          string         `json:"ServiceToken"` // the function's ARN
	ResponseURL           string         `json:"ResponseURL" sensitive:"true"`
	StackID               string         `json:"StackId"`
	RequestID             string         `json:"RequestId"`
	LogicalResourceID     string         `json:"LogicalResourceId"`
	PhysicalResourceID    string         `json:"PhysicalResourceId"` // Update and Delete only
	ResourceType          string         `json:"ResourceType"`       // Custom::Name or AWS::CloudFormation::CustomResource
	ResourceProperties    map[string]any `json:"ResourceProperties"`
	OldResourceProperties map[string]any `json:"OldResourceProperties"` // Update only
}

// Stack parses StackId
// (arn:partition:cloudformation:region:account:stack/name/id).
func (e CustomResourceEvent) Stack() (arn.ARN, error) { return arn.Parse(e.StackID) }

// StackName returns the name of the stack from StackId, "" when StackId is
// not a stack ARN.
func (e CustomResourceEvent) StackName() string {
	a, err := e.Stack()
	if err != nil {
		return ""
	}
	parts := strings.Split(a.Resource, "/")
	if len(parts) < 2 || parts[0] != "stack" {
		return ""
	}
	return parts[1]
}

// Property returns the resource property name as text, and whether it is
// set to a scalar (CloudFormation sends scalars as strings).
func (e CustomResourceEvent) Property(name string) (string, bool) {
	return body.Scalar(e.ResourceProperties[name])
}

// OldProperty is [CustomResourceEvent.Property] of the properties before
// an update.
func (e CustomResourceEvent) OldProperty(name string) (string, bool) {
	return body.Scalar(e.OldResourceProperties[name])
}

// PropertiesInto decodes the resource properties into v, your struct, its
// fields named by their json tags (see lossless.Into). Scalars arrive as
// strings: give them string fields.
func (e CustomResourceEvent) PropertiesInto(v any) error {
	if err := lossless.Into(e.ResourceProperties, v); err != nil {
		return fmt.Errorf("cloudformation: resource properties: %w", err)
	}
	return nil
}

// OldPropertiesInto decodes the properties before an update into v.
func (e CustomResourceEvent) OldPropertiesInto(v any) error {
	if err := lossless.Into(e.OldResourceProperties, v); err != nil {
		return fmt.Errorf("cloudformation: old resource properties: %w", err)
	}
	return nil
}

// ChangedProperties returns, sorted, the names of the properties an update
// adds, removes or changes; none for other requests.
func (e CustomResourceEvent) ChangedProperties() []string {
	if e.RequestType != RequestUpdate {
		return nil
	}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(e.ResourceProperties)) {
		old, ok := e.OldResourceProperties[k]
		if !ok || !reflect.DeepEqual(old, e.ResourceProperties[k]) {
			changed = append(changed, k)
		}
	}
	for k := range e.OldResourceProperties {
		if _, ok := e.ResourceProperties[k]; !ok {
			changed = append(changed, k)
		}
	}
	slices.Sort(changed)
	return changed
}

// Limits of ServiceTimeout, in seconds.
const (
	MinServiceTimeout     = 1
	MaxServiceTimeout     = 3600
	DefaultServiceTimeout = time.Hour // when the template sets none
)

// ServiceTimeout returns the ServiceTimeout property, how long
// CloudFormation waits for the response: [DefaultServiceTimeout] when the
// template sets none. A value that is not a whole number of seconds from
// 1 to 3600 is an error.
func (e CustomResourceEvent) ServiceTimeout() (time.Duration, error) {
	v, ok := e.ResourceProperties["ServiceTimeout"]
	if !ok || v == nil {
		return DefaultServiceTimeout, nil
	}
	s, _ := body.Scalar(v)
	n, err := strconv.Atoi(s)
	if err != nil || n < MinServiceTimeout || n > MaxServiceTimeout {
		return 0, fmt.Errorf("cloudformation: ServiceTimeout %q (want whole seconds from %d to %d)", s, MinServiceTimeout, MaxServiceTimeout)
	}
	return time.Duration(n) * time.Second, nil
}
