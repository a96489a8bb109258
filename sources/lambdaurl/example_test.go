package lambdaurl_test

import (
	"fmt"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/lambdaurl"
)

func ExampleEvent() {
	raw := []byte(`{
	  "version": "2.0",
	  "routeKey": "$default",
	  "rawPath": "/hello",
	  "rawQueryString": "name=J%C3%BCrgen",
	  "cookies": ["theme=dark"],
	  "headers": {"content-type": "application/json"},
	  "requestContext": {
	    "accountId": "111122223333",
	    "authorizer": {"iam": {"userArn": "arn:aws:iam::111122223333:user/ci"}},
	    "domainName": "abcdefg.lambda-url.eu-west-1.on.aws",
	    "http": {"method": "POST", "path": "/hello"},
	    "timeEpoch": 1700000000000
	  },
	  "body": "eyJncmVldGluZyI6ImhpIn0=",
	  "isBase64Encoded": true
	}`)
	id, _ := registry.Default.Detect(raw)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*lambdaurl.Event)
	var in struct {
		Greeting string `json:"greeting"`
	}
	if err := e.JSONBody(&in); err != nil {
		fmt.Println(err)
		return
	}
	theme, _ := e.Cookie("theme")
	when, _ := e.RequestContext.Timestamp()
	fmt.Println(id, e.Method(), e.RawPath, e.QueryParamValues("name"))
	fmt.Println("caller:", e.IAM().UserARN, "theme:", theme, "at:", when)
	fmt.Println("greeting:", in.Greeting)
	// Output:
	// aws.lambda.url POST /hello [Jürgen]
	// caller: arn:aws:iam::111122223333:user/ci theme: dark at: 2023-11-14 22:13:20 +0000 UTC
	// greeting: hi
}
