// Package lambdaurl is being written.
package lambdaurl
