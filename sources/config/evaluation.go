package config

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// ComplianceType is the verdict of an evaluation.
type ComplianceType string

// The compliance types a function reports.
const (
	Compliant        ComplianceType = "COMPLIANT"
	NonCompliant     ComplianceType = "NON_COMPLIANT"
	NotApplicable    ComplianceType = "NOT_APPLICABLE"
	InsufficientData ComplianceType = "INSUFFICIENT_DATA"
)

var complianceTypes = []ComplianceType{Compliant, NonCompliant, NotApplicable, InsufficientData}

// Limits of PutEvaluations.
const (
	MaxAnnotation  = 256 // characters
	MaxEvaluations = 100 // per call
)

// Evaluation is the verdict on one resource, with the member names of the
// PutEvaluations API: copy it into the SDK's types.Evaluation.
type Evaluation struct {
	ComplianceResourceType string         `json:"ComplianceResourceType"` // AWS::EC2::Instance
	ComplianceResourceID   string         `json:"ComplianceResourceId"`
	ComplianceType         ComplianceType `json:"ComplianceType"`
	Annotation             string         `json:"Annotation,omitempty"` // why, up to 256 characters
	OrderingTimestamp      time.Time      `json:"OrderingTimestamp"`    // when the evaluated configuration was captured
}

// Validate checks e against the rules of PutEvaluations: a resource type
// and ID, a known compliance type, an annotation of at most
// [MaxAnnotation] characters, an ordering timestamp.
func (e Evaluation) Validate() error {
	var errs []error
	if e.ComplianceResourceType == "" || e.ComplianceResourceID == "" {
		errs = append(errs, errors.New("no resource type or ID"))
	}
	if !slices.Contains(complianceTypes, e.ComplianceType) {
		errs = append(errs, fmt.Errorf("compliance type %q", e.ComplianceType))
	}
	if n := utf8.RuneCountInString(e.Annotation); n > MaxAnnotation {
		errs = append(errs, fmt.Errorf("annotation of %d characters (at most %d)", n, MaxAnnotation))
	}
	if e.OrderingTimestamp.IsZero() {
		errs = append(errs, errors.New("no ordering timestamp"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("config: evaluation of %s %s: %w", e.ComplianceResourceType, e.ComplianceResourceID, err)
	}
	return nil
}

// Evaluations is the input of PutEvaluations: the evaluations and the
// result token of the event they answer.
type Evaluations struct {
	Evaluations []Evaluation `json:"Evaluations"`
	ResultToken string       `json:"ResultToken"`
	TestMode    bool         `json:"TestMode,omitempty"` // evaluate without recording the results
}

// NewEvaluations starts the PutEvaluations input answering e.
func (e RuleEvent) NewEvaluations() *Evaluations {
	return &Evaluations{Evaluations: []Evaluation{}, ResultToken: e.ResultToken}
}

// Add validates evaluations (see [Evaluation.Validate]) and appends them;
// nothing is added when one is invalid, or when they would be more than
// [MaxEvaluations] in all.
func (r *Evaluations) Add(evaluations ...Evaluation) error {
	for _, e := range evaluations {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	if n := len(r.Evaluations) + len(evaluations); n > MaxEvaluations {
		return fmt.Errorf("config: %d evaluations (at most %d a call)", n, MaxEvaluations)
	}
	r.Evaluations = append(r.Evaluations, evaluations...)
	return nil
}

// Evaluation returns the evaluation of the changed resource, ordered by
// the configuration item's capture time. A notification without a
// configuration item, or with a capture time that does not parse, is an
// error.
func (n *ConfigurationItemChange) Evaluation(c ComplianceType, annotation string) (Evaluation, error) {
	if n.ConfigurationItem == nil {
		return Evaluation{}, errors.New("config: configuration item change without a configuration item")
	}
	ci := n.ConfigurationItem
	return evaluation(ci.ResourceType, ci.ResourceID, c, annotation, ci.CaptureTime)
}

// Evaluation returns the evaluation of the changed resource, ordered by
// the summary's capture time.
func (n *OversizedConfigurationItemChange) Evaluation(c ComplianceType, annotation string) (Evaluation, error) {
	s := n.ConfigurationItemSummary
	return evaluation(s.ResourceType, s.ResourceID, c, annotation, s.CaptureTime)
}

// Evaluation returns the evaluation of a resource the periodic function
// looked up itself, ordered by the notification's creation time. For the
// account as a whole, AWS's examples use the type AWS::::Account and the
// account ID.
func (n *ScheduledNotification) Evaluation(resourceType, resourceID string, c ComplianceType, annotation string) (Evaluation, error) {
	return evaluation(resourceType, resourceID, c, annotation, n.CreationTime)
}

// ResourceTypeAccount is the resource type of evaluations of a whole account.
const ResourceTypeAccount = "AWS::::Account"

func evaluation(resourceType, resourceID string, c ComplianceType, annotation string, at func() (time.Time, error)) (Evaluation, error) {
	t, err := at()
	if err != nil {
		return Evaluation{}, err
	}
	e := Evaluation{
		ComplianceResourceType: resourceType,
		ComplianceResourceID:   resourceID,
		ComplianceType:         c,
		Annotation:             annotation,
		OrderingTimestamp:      t,
	}
	return e, e.Validate()
}
