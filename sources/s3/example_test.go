package s3_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/s3"
)

// S3 encodes object keys as form values: decode them before use.
func ExampleObject_DecodedKey() {
	payload := `{"Records":[{"eventSource":"aws:s3","eventTime":"2024-03-01T10:00:00.000Z","eventName":"ObjectCreated:Put",
		"s3":{"bucket":{"name":"photos"},"object":{"key":"summer+2024/caf%C3%A9+%2B+friends.jpg","size":52341}}}]}`

	var e s3.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	for _, r := range e.Records {
		key, err := r.S3.Object.DecodedKey()
		if err != nil {
			fmt.Println("bad key:", err)
			continue
		}
		uri, _ := r.URI()
		fmt.Println(r.EventName, key, r.S3.Object.Size)
		fmt.Println(uri)
	}
	// Output:
	// ObjectCreated:Put summer 2024/café + friends.jpg 52341
	// s3://photos/summer 2024/café + friends.jpg
}
