package vpclattice_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/vpclattice"
)

func ExampleEventV2() {
	raw := []byte(`{
	  "version": "2.0",
	  "path": "/orders",
	  "method": "POST",
	  "headers": {"content-type": ["application/json"], "x-hop": ["a", "b"]},
	  "queryStringParameters": {"id": "1234", "tag": ["x", "y"]},
	  "body": "{\"qty\":2}",
	  "isBase64Encoded": false,
	  "requestContext": {
	    "serviceNetworkArn": "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0",
	    "serviceArn": "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0",
	    "targetGroupArn": "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0123456789abcdef0",
	    "identity": {"sourceVpcArn": "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0123456789abcdef0", "type": "AWS_IAM", "principal": "arn:aws:iam::111122223333:role/caller"},
	    "region": "us-east-1",
	    "timeEpoch": "1700000000123456"
	  }
	}`)
	id, _ := registry.Default.Detect(raw)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*vpclattice.EventV2)
	var in struct {
		Qty int `json:"qty"`
	}
	if err := e.JSONBody(&in); err != nil {
		fmt.Println(err)
		return
	}
	hop, _ := e.Header("X-Hop")
	when, _ := e.RequestContext.Timestamp()
	fmt.Println(id, e.Method, e.Path, "qty", in.Qty)
	fmt.Println("id:", e.QueryParamValues("id"), "tags:", e.QueryParamValues("tag"), "hop:", hop)
	fmt.Println("caller:", e.RequestContext.Identity.Principal, "at:", when.Format("2006-01-02T15:04:05.000000Z"))

	resp, _ := vpclattice.JSONResponse(201, map[string]string{"status": "created"})
	b, _ := json.Marshal(resp)
	fmt.Println(string(b))
	// Output:
	// aws.vpclattice.v2 POST /orders qty 2
	// id: [1234] tags: [x y] hop: a, b
	// caller: arn:aws:iam::111122223333:role/caller at: 2023-11-14T22:13:20.123456Z
	// {"statusCode":201,"statusDescription":"201 Created","headers":{"Content-Type":"application/json"},"body":"{\"status\":\"created\"}","isBase64Encoded":false}
}
