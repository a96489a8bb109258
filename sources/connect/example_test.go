package connect_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/connect"
)

// A STRING_MAP answer: every value becomes text; a nested value is refused.
func ExampleNewResponse() {
	r, err := connect.NewResponse(map[string]any{"customerName": "Ana", "openCases": 2, "vip": true})
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	_, err = connect.NewResponse(map[string]any{"address": map[string]any{"city": "Lyon"}})
	fmt.Println(err)
	// Output:
	// {"customerName":"Ana","openCases":"2","vip":"true"}
	// connect: a STRING_MAP response holds strings only (use JSON response validation for nested values): "address" is a map[string]interface {}
}
