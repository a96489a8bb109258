// Package cloudwatch is being written.
package cloudwatch
