// Package apigateway is being written.
package apigateway
