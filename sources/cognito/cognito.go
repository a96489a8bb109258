// Package cognito is being written.
package cognito
