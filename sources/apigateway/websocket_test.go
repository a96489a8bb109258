package apigateway_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/apigateway"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func wsTestdata(t *testing.T, name string) *apigateway.WebSocketEvent {
	return sourcetest.DecodeTestdata[apigateway.WebSocketEvent](t, "aws.apigateway.websocket", name)
}

func wsAuthorizerTestdata(t *testing.T, name string) *apigateway.WebSocketAuthorizerEvent {
	return sourcetest.DecodeTestdata[apigateway.WebSocketAuthorizerEvent](t, "aws.apigateway.authorizer.websocket", name)
}

// The shapes API Gateway sends around a WebSocket API, and their
// look-alikes: each matched by the rule of one of the WebSocket, WebSocket
// authorizer and REST sources, or by none of them (want ""; another
// source, an authorizer of REST APIs, may claim those).
func TestWebSocketRules(t *testing.T) {
	const ctx = `"requestContext":{"routeKey":"$connect","eventType":"CONNECT","connectionId":"c=","domainName":"d","stage":"s"}`
	ids := []string{"aws.apigateway.websocket", "aws.apigateway.authorizer.websocket", "aws.apigateway.rest"}
	tests := []struct{ name, event, want string }{
		{"message, body only", `{"requestContext":{"routeKey":"$default","eventType":"MESSAGE","messageId":"m","connectionId":"c="},"body":"x","isBase64Encoded":false}`, ids[0]},
		{"message without isBase64Encoded", `{"requestContext":{"eventType":"MESSAGE","connectionId":"c="},"body":"x"}`, ids[0]},
		{"connect", `{"headers":{},"multiValueHeaders":{},` + ctx + `,"isBase64Encoded":false}`, ids[0]},
		// aws-lambda-go's and Rust's WebSocket sample: a REST event plus
		// the WebSocket keys.
		{"REST-shaped WebSocket event", `{"resource":"/{proxy+}","path":"/a","httpMethod":"POST","requestContext":{"resourcePath":"/{proxy+}","httpMethod":"POST","connectionId":"c=","eventType":"CONNECT","routeKey":"$connect","messageId":null}}`, ids[0]},
		{"REST event", `{"resource":"/a","path":"/a","httpMethod":"GET","requestContext":{"requestId":"r"}}`, ids[2]},
		{"connectionId without eventType", `{"requestContext":{"connectionId":"c="},"body":"x"}`, ""},
		{"eventType without connectionId", `{"requestContext":{"eventType":"MESSAGE"},"body":"x"}`, ""},
		{"top-level connectionId", `{"connectionId":"c=","eventType":"CONNECT"}`, ""},
		{"$connect authorizer", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:r:1:a/s/$connect","headers":{},` + ctx + `}`, ids[1]},
		{"$connect authorizer with a version (Rust's sample)", `{"version":"$LATEST","type":"REQUEST","methodArn":"arn:aws:execute-api:r:1:a/s/$connect",` + ctx + `}`, ids[1]},
		{"authorizer without methodArn", `{"type":"REQUEST",` + ctx + `}`, ""},
		{"methodArn without type", `{"methodArn":"arn:aws:execute-api:r:1:a/s/$connect",` + ctx + `}`, ""},
		{"TOKEN type with a WebSocket context", `{"type":"TOKEN","methodArn":"arn:aws:execute-api:r:1:a/s/$connect",` + ctx + `}`, ""},
		{"REST REQUEST authorizer", `{"type":"REQUEST","methodArn":"arn:aws:execute-api:r:1:a/s/GET/x","resource":"/x","path":"/x","httpMethod":"GET","requestContext":{"requestId":"r"}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, id := range ids {
				err := registry.Default.Match(id, []byte(tt.event))
				if id == tt.want {
					assert.NoError(t, err, id)
				} else {
					assert.ErrorIs(t, err, registry.ErrUnknownSource, "%s claims it", id)
				}
			}
			if tt.want != "" {
				got, err := registry.Default.Detect([]byte(tt.event))
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestWebSocketConnectWithAuthorizer(t *testing.T) {
	e := wsTestdata(t, "connect-query-token-authorizer.json")
	c := e.RequestContext
	assert.Equal(t, apigateway.RouteConnect, c.RouteKey)
	assert.Equal(t, apigateway.WebSocketConnect, c.EventType)
	assert.Empty(t, c.MessageID)
	assert.Equal(t, "IN", c.MessageDirection)
	assert.Equal(t, "k3m9p2x7qa", c.APIID)
	assert.Equal(t, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", c.Identity.UserAgent)
	assert.Equal(t, "198.51.100.23", c.Identity.SourceIP)

	ts, err := c.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, 2, 4, 9, 12, 44, 127e6, time.UTC), ts)
	at, err := c.ConnectedTime()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, 2, 4, 9, 12, 44, 118e6, time.UTC), at)

	a := c.Authorizer
	assert.Equal(t, "user|a1b2c3", a.PrincipalID())
	d, ok := a.IntegrationLatency()
	require.True(t, ok)
	assert.Equal(t, 214*time.Millisecond, d)
	for name, want := range map[string]string{"tenant": "acme", "seats": "25", "admin": "false"} {
		got, ok := a.Value(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	_, ok = a.Value("missing")
	assert.False(t, ok)

	// Headers case-insensitively; query parameters case-sensitively (the
	// reference library gives "ops" for "room", or "general" for "Room").
	v, ok := e.Header("sec-websocket-protocol")
	require.True(t, ok)
	assert.Equal(t, "chat.v2", v)
	assert.Equal(t, []string{"https://chat.example.org"}, e.HeaderValues("ORIGIN"))
	v, ok = e.QueryParam("room")
	require.True(t, ok)
	assert.Equal(t, "general", v)
	v, ok = e.QueryParam("Room")
	require.True(t, ok)
	assert.Equal(t, "ops", v)
	_, ok = e.QueryParam("ROOM")
	assert.False(t, ok)
	assert.Equal(t, []string{"a", "b"}, e.QueryParamValues("tag"))
	assert.Nil(t, e.QueryParamValues("Tag"))
	v, ok = e.StageVariable("connectionsTable")
	require.True(t, ok)
	assert.Equal(t, "chat-connections-prod", v)
	v, ok = e.Cookie("theme")
	require.True(t, ok)
	assert.Equal(t, "dark", v)
	assert.Equal(t, []string{"ws-session=ws-sess-7Hq2", "theme=dark"}, cookieNames(e.ParsedCookies()))

	// No body on $connect: nothing to decode.
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Nil(t, b)
	var x any
	assert.Error(t, e.JSONBody(&x))

	// The connection ID holds "+", "/" and "=": escaped in the path.
	u, err := e.CallbackURL()
	require.NoError(t, err)
	assert.Equal(t, "https://ws.chat.example.org/prod/@connections/Gk2hQeZ%2BIAMCF%2Fw%3D", u)
	ep, err := c.ManagementEndpoint()
	require.NoError(t, err)
	assert.Equal(t, "https://ws.chat.example.org/prod", ep)

	sourcetest.AssertPrinted(t, e,
		[]string{`"token": "[SENSITIVE]"`, `"principalId": "[SENSITIVE]"`, `"tenant": "[SENSITIVE]"`, `"room": "general"`, `"Cookie": "[SENSITIVE]"`},
		[]string{"ws-query-token", "ws-sess-7Hq2", "user|a1b2c3", "acme"})
	assert.Equal(t, []string{"DecodedBody", "JSONBody", "CallbackURL"}, sourcetest.DerivedNames(e))
}

func TestWebSocketMessageAndDisconnect(t *testing.T) {
	e := wsTestdata(t, "message-binary-custom-route-cn.json")
	assert.Equal(t, apigateway.WebSocketMessage, e.RequestContext.EventType)
	assert.Equal(t, "upload", e.RequestContext.RouteKey)
	assert.Equal(t, "Hn3kTcG1ZAMCJ9g=", e.RequestContext.MessageID)
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.JSONEq(t, `{"action":"upload","chunk":1,"data":"AAECAw=="}`, string(b))
	var msg struct {
		Action string `json:"action"`
		Chunk  int    `json:"chunk"`
	}
	require.NoError(t, e.JSONBody(&msg))
	assert.Equal(t, "upload", msg.Action)
	assert.Equal(t, 1, msg.Chunk)
	assert.Equal(t, "device-0042", e.RequestContext.Authorizer.PrincipalID(), "the $connect authorizer's context rides on every event")
	u, err := e.CallbackURL()
	require.NoError(t, err)
	assert.Equal(t, "https://q1w2e3r4t5.execute-api.cn-north-1.amazonaws.com.cn/v1/@connections/Hn3kQd9vZAMCJ9g%3D", u)
	ts, err := e.RequestContext.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2025, 3, 18, 14, 5, 9, 876e6, time.UTC), ts)

	e = wsTestdata(t, "disconnect-gov-going-away.json")
	c := e.RequestContext
	assert.Equal(t, apigateway.WebSocketDisconnect, c.EventType)
	assert.Equal(t, apigateway.RouteDisconnect, c.RouteKey)
	assert.Equal(t, int64(1001), c.DisconnectStatusCode)
	assert.Equal(t, "Going away", c.DisconnectReason)
	assert.False(t, e.IsBase64Encoded, "absent")
	assert.Nil(t, c.Authorizer)
	v, ok := e.Header("X-API-KEY")
	require.True(t, ok)
	assert.Empty(t, v)

	e = wsTestdata(t, "connect-iam-null-identity.json")
	id := e.RequestContext.Identity
	assert.Equal(t, "arn:aws:sts::210987654321:assumed-role/ws-workers/worker-7", id.UserARN)
	assert.Equal(t, "o-exampleorg1", id.PrincipalOrgID)
	assert.Empty(t, id.CognitoIdentityID, "null")
	assert.Nil(t, e.QueryStringParameters, "null")
	_, ok = e.QueryParam("x")
	assert.False(t, ok)
	assert.Empty(t, e.Body, "null")
	sourcetest.AssertPrinted(t, e, []string{`"Authorization": "[SENSITIVE]"`, `"X-Amz-Security-Token": "[SENSITIVE]"`},
		[]string{"Signature=0f1e", "IQoJb3JpZ2luX2VjEXAMPLEsessiontoken"})
}

func TestWebSocketReferenceSamples(t *testing.T) {
	e := sourcetest.Decode[apigateway.WebSocketEvent](t, sourcetest.Reference(t, "apiGatewayWebSocketApiMessage.json"))
	assert.Equal(t, "chat", e.RequestContext.RouteKey)
	var msg map[string]any
	require.NoError(t, e.JSONBody(&msg))
	assert.Equal(t, "chat", msg["action"])

	e = sourcetest.Decode[apigateway.WebSocketEvent](t, sourcetest.Reference(t, "apiGatewayWebSocketApiDisconnect.json"))
	assert.Equal(t, int64(1005), e.RequestContext.DisconnectStatusCode)
	sourcetest.AssertPrinted(t, e, []string{`"x-api-key": "[SENSITIVE]"`}, nil)

	a := sourcetest.Decode[apigateway.WebSocketAuthorizerEvent](t, sourcetest.Reference(t, "apiGatewayAuthorizerWebSocketEvent.json"))
	r, err := a.RouteKey()
	require.NoError(t, err)
	assert.Equal(t, "$connect", r, "the reference library reads $connect as the HTTP method")
	sourcetest.AssertPrinted(t, a, []string{`"Authorization": "[SENSITIVE]"`, `"RouteKey()": "$connect"`}, []string{"Leo"})
}

func TestWebSocketAuthorizerEvent(t *testing.T) {
	e := wsAuthorizerTestdata(t, "query-token-stage-variables.json")
	assert.Equal(t, "REQUEST", e.Type)
	assert.Equal(t, apigateway.WebSocketConnect, e.RequestContext.EventType)
	assert.Equal(t, "Gk2hQeZ+IAMCF/w=", e.RequestContext.ConnectionID)
	v, ok := e.QueryParam("access_token")
	require.True(t, ok)
	assert.Equal(t, "eyJhbGciOiJSUzI1NiJ9.ws-authz-query.c2ln", v)
	assert.Equal(t, []string{"en", "pt"}, e.QueryParamValues("lang"))
	v, _ = e.QueryParam("lang")
	assert.Equal(t, "pt", v)
	_, ok = e.QueryParam("Access_Token")
	assert.False(t, ok, "names are case-sensitive")
	v, ok = e.StageVariable("audience")
	require.True(t, ok)
	assert.Equal(t, "chat", v)
	v, ok = e.Header("upgrade")
	require.True(t, ok)
	assert.Equal(t, "websocket", v)
	assert.Equal(t, []string{"0"}, e.HeaderValues("Content-Length"))
	r, err := e.RouteKey()
	require.NoError(t, err)
	assert.Equal(t, "$connect", r)
	sourcetest.AssertPrinted(t, e, []string{`"access_token": "[SENSITIVE]"`, `"lang": "pt"`}, []string{"ws-authz-query"})

	e = wsAuthorizerTestdata(t, "header-cookie-china.json")
	r, err = e.RouteKey()
	require.NoError(t, err)
	assert.Equal(t, "$connect", r, "aws-cn")
	v, ok = e.Cookie("sid")
	require.True(t, ok)
	assert.Equal(t, "ws-authz-cookie-4Kp", v)
	assert.Len(t, e.ParsedCookies(), 2)
	v, _ = e.Header("authorization")
	assert.Equal(t, "Bearer ws-authz-header-token-9Zx", v)
	sourcetest.AssertPrinted(t, e, nil, []string{"ws-authz-cookie-4Kp", "ws-authz-header-token-9Zx"})

	e = wsAuthorizerTestdata(t, "null-maps-gov-api-key.json")
	assert.Nil(t, e.StageVariables)
	_, ok = e.StageVariable("x")
	assert.False(t, ok)
	assert.Equal(t, "ws-gov-api-key-Q8w3e", e.RequestContext.Identity.APIKey)
	r, err = e.RouteKey()
	require.NoError(t, err)
	assert.Equal(t, "$connect", r, "aws-us-gov")
	sourcetest.AssertPrinted(t, e, nil, []string{"ws-gov-api-key-Q8w3e"})
}

func TestWebSocketOddValues(t *testing.T) {
	for _, arn := range []string{
		"", "$connect", "arn:aws:execute-api:us-east-1:1:api/stage", "arn:aws:execute-api:us-east-1:1:api//$connect",
		"arn:aws:lambda:us-east-1:1:function/f/$connect", "arn:aws:execute-api:us-east-1:1:api/stage/",
	} {
		_, err := apigateway.WebSocketAuthorizerEvent{MethodARN: arn}.RouteKey()
		assert.Error(t, err, arn)
	}
	r, err := apigateway.WebSocketAuthorizerEvent{MethodARN: "arn:aws:execute-api:us-east-1:1:api/stage/chat/room"}.RouteKey()
	require.NoError(t, err)
	assert.Equal(t, "chat/room", r, "the rest of the ARN")
	out := printer.Sprint(apigateway.WebSocketAuthorizerEvent{MethodARN: "arn:aws:execute-api:us-east-1:1:api/stage/GET/x"})
	assert.Contains(t, out, `"RouteKey()": "GET/x"`)
	out = printer.Sprint(apigateway.WebSocketAuthorizerEvent{})
	assert.Contains(t, out, `"RouteKey()": "`+printer.Undecodable+`"`)

	for _, c := range []apigateway.WebSocketRequestContext{
		{DomainName: "d", Stage: "s"}, {ConnectionID: "c", Stage: "s"}, {ConnectionID: "c", DomainName: "d"},
	} {
		_, err := apigateway.WebSocketEvent{RequestContext: c}.CallbackURL()
		assert.ErrorIs(t, err, apigateway.ErrNoConnection)
	}
	_, err = apigateway.WebSocketRequestContext{}.ManagementEndpoint()
	assert.ErrorIs(t, err, apigateway.ErrNoConnection)
	u, err := apigateway.WebSocketEvent{RequestContext: apigateway.WebSocketRequestContext{
		ConnectionID: "a b~c-d_e.f", DomainName: "x.execute-api.eu-west-1.amazonaws.com", Stage: "dev"}}.CallbackURL()
	require.NoError(t, err)
	assert.Equal(t, "https://x.execute-api.eu-west-1.amazonaws.com/dev/@connections/a%20b~c-d_e.f", u)
	out = printer.Sprint(apigateway.WebSocketEvent{})
	assert.Contains(t, out, `"CallbackURL()": "`+printer.Undecodable+`"`)
	assert.NotContains(t, out, "Body()", "no body is nothing to decode")

	_, err = apigateway.WebSocketRequestContext{}.ConnectedTime()
	assert.Error(t, err)
	_, err = apigateway.WebSocketRequestContext{RequestTime: "not a time"}.Timestamp()
	assert.Error(t, err)
	ts, err := apigateway.WebSocketRequestContext{RequestTime: "11/Nov/2024:13:45:46 +0000"}.Timestamp()
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 11, 11, 13, 45, 46, 0, time.UTC), ts)

	e := apigateway.WebSocketEvent{Body: "not base64!", IsBase64Encoded: true}
	_, err = e.DecodedBody()
	assert.Error(t, err)
	e = apigateway.WebSocketEvent{Body: "plain text"}
	b, err := e.DecodedBody()
	require.NoError(t, err)
	assert.Equal(t, "plain text", string(b))
	var x any
	assert.Error(t, e.JSONBody(&x))

	a := apigateway.WebSocketAuthorizer{"integrationLatency": json.Number("x"), "principalId": true, "obj": map[string]any{"k": "v"}}
	_, ok := a.IntegrationLatency()
	assert.False(t, ok)
	assert.Empty(t, a.PrincipalID())
	v, ok := a.Value("obj")
	require.True(t, ok)
	assert.JSONEq(t, `{"k":"v"}`, v)
	var nilA apigateway.WebSocketAuthorizer
	_, ok = nilA.Value("x")
	assert.False(t, ok)
}

func TestWebSocketResponse(t *testing.T) {
	assert.JSONEq(t, `{"statusCode":200}`, marshal(t, apigateway.WebSocketResponse{StatusCode: 200}), "optional members left out")
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Sec-WebSocket-Protocol":"chat.v2"},"body":"aGk=","isBase64Encoded":true}`,
		marshal(t, apigateway.WebSocketResponse{StatusCode: 200, Headers: map[string]string{"Sec-WebSocket-Protocol": "chat.v2"}, Body: "aGk=", IsBase64Encoded: true}))
	r, err := apigateway.WebSocketJSONResponse(200, map[string]string{"action": "ack"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":200,"body":"{\"action\":\"ack\"}"}`, marshal(t, r))
	_, err = apigateway.WebSocketJSONResponse(99, nil)
	assert.Error(t, err)
	_, err = apigateway.WebSocketJSONResponse(200, func() {})
	assert.Error(t, err)
}
