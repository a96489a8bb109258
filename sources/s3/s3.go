// Package s3 is being written.
package s3
