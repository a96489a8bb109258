// Package arn parses Amazon Resource Names.
package arn

import (
	"errors"
	"strings"
)

// ARN is a parsed Amazon Resource Name:
// arn:partition:service:region:account-id:resource.
type ARN struct {
	Partition string // aws, aws-cn, aws-us-gov, ...
	Service   string
	Region    string
	AccountID string
	Resource  string // everything after the fifth colon, e.g. "my-queue" or "table/T/stream/2024"
}

// ErrInvalid is returned for text that is not an ARN.
var ErrInvalid = errors.New("arn: not an ARN")

// Parse splits s into its parts.
func Parse(s string) (ARN, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return ARN{}, ErrInvalid
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], AccountID: parts[4], Resource: parts[5]}, nil
}

// String reassembles the ARN.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// DNSSuffix is the domain of the partition's endpoints: amazonaws.com,
// amazonaws.com.cn for China, ...
func (a ARN) DNSSuffix() string {
	switch a.Partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	case "aws-iso":
		return "c2s.ic.gov"
	case "aws-iso-b":
		return "sc2s.sgov.gov"
	}
	return "amazonaws.com"
}
