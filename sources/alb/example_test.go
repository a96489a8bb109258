package alb_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/alb"
)

func ExampleEvent() {
	raw := []byte(`{
	  "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"}},
	  "httpMethod": "GET",
	  "path": "/search",
	  "multiValueQueryStringParameters": {"q": ["caf%C3%A9+au+lait"], "tag": ["a", "b%26c"]},
	  "multiValueHeaders": {"accept": ["text/html"], "cookie": ["theme=dark", "lang=fr"]},
	  "body": "",
	  "isBase64Encoded": false
	}`)
	id, _ := registry.Default.Detect(raw)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*alb.Event)
	q, _ := e.QueryParam("q")
	lang, _ := e.Cookie("lang")
	fmt.Println(id, e.HTTPMethod, e.Path, "multi-value:", e.MultiValue())
	fmt.Printf("q=%q tags=%q lang=%s\n", q, e.QueryParamValues("tag"), lang)

	h := http.Header{}
	h.Set("Content-Type", "text/html")
	h.Add("Set-Cookie", "seen=1")
	h.Add("Set-Cookie", "visits=2")
	resp := e.NewResponse(http.StatusOK, h, "<p>results</p>", false)
	b, _ := json.Marshal(resp)
	fmt.Println(string(b))
	// Output:
	// aws.alb GET /search multi-value: true
	// q="café au lait" tags=["a" "b&c"] lang=fr
	// {"statusCode":200,"statusDescription":"200 OK","multiValueHeaders":{"Content-Type":["text/html"],"Set-Cookie":["seen=1","visits=2"]},"body":"\u003cp\u003eresults\u003c/p\u003e","isBase64Encoded":false}
}
