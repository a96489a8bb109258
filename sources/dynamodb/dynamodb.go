// Package dynamodb is being written.
package dynamodb
