package apigateway

// MERGE NOTE: this file is a stand-in. The parsers of method and route ARNs
// of the Lambda authorizers live on branch wt8-auth; at merge, replace
// webSocketRouteKey with that parser (the route key is the part after
// {api-id}/{stage}/) and delete this file.

import (
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/sources/arn"
)

// webSocketRouteKey returns the route key at the end of the method ARN a
// WebSocket API passes to its $connect authorizer,
// arn:{partition}:execute-api:{region}:{account-id}:{api-id}/{stage}/{route-key},
// "$connect" for a $connect authorizer: the ARN has no HTTP method.
func webSocketRouteKey(methodARN string) (string, error) {
	a, err := arn.Parse(methodARN)
	if err != nil {
		return "", fmt.Errorf("apigateway: method ARN %q: %w", methodARN, err)
	}
	parts := strings.SplitN(a.Resource, "/", 3)
	if a.Service != "execute-api" || len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", fmt.Errorf("apigateway: %q is not a WebSocket route ARN (arn:partition:execute-api:region:account:api-id/stage/route-key)", methodARN)
	}
	return parts[2], nil
}
