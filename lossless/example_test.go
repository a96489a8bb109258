package lossless_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
)

// Response is the kind of struct a source declares: it embeds
// lossless.Extra, and go generate gives it the two methods below.
type Response struct {
	lossless.Extra
	AutoConfirmUser bool   `json:"autoConfirmUser"`
	Message         string `json:"message"`
}

func (r Response) MarshalJSON() ([]byte, error) { return lossless.Marshal(&r) }

func (r *Response) UnmarshalJSON(b []byte) error { return lossless.Unmarshal(b, r) }

// A decoded value marshals as it arrived: null stays null, unknown members
// stay. Set writes a member even when its value is zero.
func ExampleSet() {
	var r Response
	_ = json.Unmarshal([]byte(`{"autoConfirmUser":null,"message":"hi","trace":[1.50]}`), &r)
	out, _ := json.Marshal(r)
	fmt.Println(string(out))

	_ = lossless.Set(&r, &r.AutoConfirmUser, false)
	_ = lossless.Remove(&r, &r.Message)
	out, _ = json.Marshal(r)
	fmt.Println(string(out))
	// Output:
	// {"autoConfirmUser":null,"message":"hi","trace":[1.50]}
	// {"autoConfirmUser":false,"trace":[1.50]}
}

// Equal compares what is visible; reflect.DeepEqual also compares what an
// Extra remembers.
func ExampleEqual() {
	var decoded Response
	_ = json.Unmarshal([]byte(`{"autoConfirmUser":false,"message":"hi"}`), &decoded)
	built := Response{Message: "hi"}
	fmt.Println(lossless.Equal(built, decoded))
	// Output: true
}
