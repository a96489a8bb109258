// Package eventbridge is being written.
package eventbridge
