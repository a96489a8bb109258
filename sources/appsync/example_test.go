package appsync_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources/appsync"
)

func ExampleResolverEvent() {
	raw := []byte(`{
	  "arguments": {"id": "42"},
	  "identity": {"sub": "u-1", "issuer": "https://login.example.com", "claims": {"sub": "u-1"}},
	  "source": null,
	  "request": {"headers": {"Authorization": "Bearer abc", "X-Tenant": "acme"}, "domainName": null},
	  "prev": null,
	  "info": {"fieldName": "getPost", "parentTypeName": "Query", "variables": {},
	           "selectionSetList": ["id", "title"], "selectionSetGraphQL": "{ id title }"},
	  "stash": {}
	}`)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := v.(*appsync.ResolverEvent)
	tenant, _ := e.Header("x-tenant")
	fmt.Println(e.ParentType()+"."+e.Field(), e.Arguments["id"], e.AuthType(), tenant)
	// Output: Query.getPost 42 OPENID_CONNECT acme
}

func ExampleBatchEvent_Resolve() {
	raw := []byte(`[
	  {"arguments": {}, "source": {"authorId": "a-1"}, "info": {"fieldName": "author", "parentTypeName": "Post"}},
	  {"arguments": {}, "source": {"authorId": "a-404"}, "info": {"fieldName": "author", "parentTypeName": "Post"}}
	]`)
	v, err := registry.Default.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	authors := map[string]string{"a-1": "Ada"}
	r := v.(*appsync.BatchEvent).Resolve(func(e *appsync.ResolverEvent) (any, error) {
		id := e.Source["authorId"].(string)
		name, ok := authors[id]
		if !ok {
			return nil, &appsync.ResolverError{Type: "NotFound", Message: "no author " + id}
		}
		return map[string]string{"id": id, "name": name}, nil
	})
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	// Output: [{"data":{"id":"a-1","name":"Ada"}},{"data":null,"errorMessage":"no author a-404","errorType":"NotFound"}]
}

func ExampleAuthorizerResponse() {
	r := appsync.Allow().WithContext("tenant", "acme")
	if err := r.DenyFields("Mutation.deletePost"); err != nil {
		fmt.Println(err)
		return
	}
	if err := r.SetTTL(5 * time.Minute); err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	// Output: {"isAuthorized":true,"resolverContext":{"tenant":"acme"},"deniedFields":["Mutation.deletePost"],"ttlOverride":300}
}
