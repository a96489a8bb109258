package apigateway_test

import (
	"fmt"
	"strings"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
)

func ExampleWebSocketEvent() {
	raw := []byte(`{
	  "queryStringParameters": {"room": "general", "token": "s3cr3t"},
	  "requestContext": {
	    "routeKey": "$connect",
	    "eventType": "CONNECT",
	    "connectionId": "R0oXAdfD0kwCH6w=",
	    "connectedAt": 1700000000000,
	    "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
	    "stage": "prod",
	    "authorizer": {"principalId": "user-7", "tenant": "acme"}
	  },
	  "isBase64Encoded": false
	}`)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*apigateway.WebSocketEvent)
	room, _ := e.QueryParam("room")
	tenant, _ := e.RequestContext.Authorizer.Value("tenant")
	connected, _ := e.RequestContext.ConnectedTime()
	fmt.Println(e.RequestContext.EventType == apigateway.WebSocketConnect, "room", room, "tenant", tenant, connected)
	url, _ := e.CallbackURL()
	fmt.Println(url)

	out := printer.Sprint(e)
	fmt.Println("secret printed:", strings.Contains(out, "s3cr3t") || strings.Contains(out, "acme"))

	resp, err := apigateway.WebSocketJSONResponse(200, map[string]string{"joined": room})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Body)
	// Output:
	// true room general tenant acme 2023-11-14 22:13:20 +0000 UTC
	// https://abc123.execute-api.eu-west-1.amazonaws.com/prod/@connections/R0oXAdfD0kwCH6w%3D
	// secret printed: false
	// 200 {"joined":"general"}
}
