package bedrock_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/bedrock"
)

// A function of an action group defined with function details reads its
// parameters by type and answers in the TEXT body, keeping the session.
func ExampleNewFunctionResponse() {
	payload := `{"messageVersion":"1.0","agent":{"name":"hr","id":"H7R8A9B0C1","alias":"TSTALIASID","version":"DRAFT"},
		"inputText":"Book 3 days from 15 July","sessionId":"s-1","actionGroup":"Leave","function":"requestLeave",
		"parameters":[{"name":"days","type":"integer","value":"3"},{"name":"note","type":"string","value":"Mon, Tue, Wed"}],
		"sessionAttributes":{"employeeId":"E-4821"},"promptSessionAttributes":{}}`

	var e bedrock.FunctionEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	if err := e.Validate(); err != nil {
		panic(err)
	}
	days, _ := e.Parameters.Get("days")
	n, err := days.Int64()
	if err != nil {
		panic(err)
	}
	note, _ := e.Parameters.Value("note")

	r := bedrock.NewFunctionResponse(&e, fmt.Sprintf("Booked %d days (%s)", n, note))
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	// Output: {"messageVersion":"1.0","response":{"actionGroup":"Leave","function":"requestLeave","functionResponse":{"responseBody":{"TEXT":{"body":"Booked 3 days (Mon, Tue, Wed)"}}}},"sessionAttributes":{"employeeId":"E-4821"},"promptSessionAttributes":{}}
}

// A function of an action group defined with an OpenAPI schema decodes the
// JSON request body properties into its own type, values converted by
// their declared types, and answers with a JSON body.
func ExampleAgentEvent_JSONBody() {
	payload := `{"messageVersion":"1.0","agent":{"name":"travel","id":"B2C4D6F8H0","alias":"TSTALIASID","version":"DRAFT"},
		"inputText":"Book two nights","sessionId":"s-2","actionGroup":"Bookings","apiPath":"/bookings","httpMethod":"POST",
		"requestBody":{"content":{"application/json":{"properties":[
			{"name":"hotel","type":"string","value":"Harbour Hotel"},{"name":"nights","type":"integer","value":"2"}]}}},
		"sessionAttributes":{},"promptSessionAttributes":{}}`

	var e bedrock.AgentEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	var booking struct {
		Hotel  string `json:"hotel"`
		Nights int    `json:"nights"`
	}
	if err := e.JSONBody(&booking); err != nil {
		panic(err)
	}
	r, err := bedrock.NewAgentJSONResponse(&e, 201, map[string]string{"booking": "BK-1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(booking.Hotel, booking.Nights)
	fmt.Println(r.Response.HTTPStatusCode, r.Response.ResponseBody["application/json"].Body)
	// Output:
	// Harbour Hotel 2
	// 201 {"booking":"BK-1"}
}
