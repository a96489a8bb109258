// Package sns is being written.
package sns
