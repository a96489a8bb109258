package apigateway_test

import (
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
)

func ExampleHTTPEvent() {
	raw := []byte(`{
	  "version": "2.0",
	  "routeKey": "GET /pets/{petId}",
	  "rawPath": "/pets/42",
	  "rawQueryString": "fields=name&fields=age",
	  "cookies": ["session=s3cr3t"],
	  "headers": {"authorization": "Bearer abc.def.ghi", "accept": "application/json"},
	  "queryStringParameters": {"fields": "name,age"},
	  "pathParameters": {"petId": "42"},
	  "requestContext": {
	    "authorizer": {"jwt": {"claims": {"sub": "user-7"}, "scopes": ["pets/read"]}},
	    "http": {"method": "GET", "path": "/pets/42"},
	    "stage": "$default",
	    "timeEpoch": 1700000000000
	  },
	  "isBase64Encoded": false
	}`)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*apigateway.HTTPEvent)
	accept, _ := e.Header("Accept")
	pet, _ := e.PathParam("petId")
	sub, _ := e.RequestContext.Authorizer.JWTClaim("sub")
	fmt.Println(e.Method(), e.Path(), "pet", pet, "accept", accept)
	fmt.Println("fields:", e.QueryParamValues("fields"))
	fmt.Println("user:", sub, "scopes:", e.RequestContext.Authorizer.JWTScopes())

	out := printer.Sprint(e, printer.WithoutDerived())
	fmt.Println(len(out) > 0, "secret printed:", strings.Contains(out, "s3cr3t") || strings.Contains(out, "abc.def.ghi"))

	resp, err := apigateway.JSONResponse(200, map[string]string{"id": pet, "name": "Rex"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Headers["Content-Type"], resp.Body)
	// Output:
	// GET /pets/42 pet 42 accept application/json
	// fields: [name age]
	// user: user-7 scopes: [pets/read]
	// true secret printed: false
	// 200 application/json {"id":"42","name":"Rex"}
}
