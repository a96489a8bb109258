package apigateway_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/sources/apigateway"
)

// A TOKEN authorizer: 401 for a missing bearer token, otherwise a policy
// for the caller's routes, in the partition of the API.
func ExampleNewAuthorizerResponse() {
	authorize := func(_ context.Context, e apigateway.TokenAuthorizerEvent) (*apigateway.AuthorizerResponse, error) {
		token, ok := strings.CutPrefix(e.AuthorizationToken, "Bearer ")
		if !ok || token == "" {
			return nil, apigateway.ErrUnauthorized // API Gateway answers 401
		}
		api, err := e.ParsedMethodARN()
		if err != nil {
			return nil, err
		}
		resp := apigateway.NewAuthorizerResponse("user-7", api)
		resp.Context = map[string]any{"tier": "gold", "quota": 100}
		if err := resp.AllowRoute(apigateway.VerbGet, "/orders/*"); err != nil {
			return nil, err
		}
		if err := resp.DenyAllRoutes("delete"); err != nil {
			return nil, err
		}
		return resp, nil
	}

	_, err := authorize(context.Background(), apigateway.TokenAuthorizerEvent{Type: "TOKEN"})
	fmt.Println(err)

	resp, _ := authorize(context.Background(), apigateway.TokenAuthorizerEvent{
		Type:               "TOKEN",
		AuthorizationToken: "Bearer abc",
		MethodARN:          "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3/prod/GET/orders/9",
	})
	out, _ := json.MarshalIndent(resp, "", "  ")
	fmt.Println(string(out))
	// Output:
	// Unauthorized
	// {
	//   "principalId": "user-7",
	//   "policyDocument": {
	//     "Version": "2012-10-17",
	//     "Statement": [
	//       {
	//         "Action": "execute-api:Invoke",
	//         "Effect": "Allow",
	//         "Resource": "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3/prod/GET/orders/*"
	//       },
	//       {
	//         "Action": "execute-api:Invoke",
	//         "Effect": "Deny",
	//         "Resource": "arn:aws-cn:execute-api:cn-north-1:123456789012:a1b2c3/prod/DELETE/*"
	//       }
	//     ]
	//   },
	//   "context": {
	//     "quota": 100,
	//     "tier": "gold"
	//   }
	// }
}

// An HTTP API authorizer with simple responses enabled.
func ExampleSimpleAuthorizerResponse() {
	authorize := func(_ context.Context, e apigateway.HTTPAuthorizerEvent) (apigateway.SimpleAuthorizerResponse, error) {
		key, _ := e.Header("X-Api-Key")
		if key != "expected-key" {
			return apigateway.SimpleAuthorizerResponse{}, nil
		}
		return apigateway.SimpleAuthorizerResponse{IsAuthorized: true, Context: map[string]any{"plan": "free"}}, nil
	}
	for _, key := range []string{"wrong", "expected-key"} {
		resp, _ := authorize(context.Background(), apigateway.HTTPAuthorizerEvent{RequestParamsV2: apigateway.RequestParamsV2{Headers: map[string]string{"x-api-key": key}}})
		out, _ := json.Marshal(resp)
		fmt.Println(string(out))
	}
	// Output:
	// {"isAuthorized":false}
	// {"isAuthorized":true,"context":{"plan":"free"}}
}
