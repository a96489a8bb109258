package firehose_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/firehose"
)

// A transformation that upper-cases text records, drops empty ones, and
// reports the rest as failed; the response covers every record.
func ExampleResponse() {
	raw := `{"invocationId":"inv-1","region":"us-east-1","records":[
		{"recordId":"r1","approximateArrivalTimestamp":1716203000123,"data":"aGVsbG8="},
		{"recordId":"r2","approximateArrivalTimestamp":1716203000124,"data":""},
		{"recordId":"r3","approximateArrivalTimestamp":1716203000125,"data":"/w=="}]}`
	var e firehose.Event
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		fmt.Println(err)
		return
	}
	var resp firehose.Response
	for _, rec := range e.Records {
		text, err := rec.Text()
		switch {
		case err != nil:
			err = resp.Fail(rec)
		case text == "":
			err = resp.Drop(rec)
		default:
			err = resp.Ok(rec, bytes.ToUpper([]byte(text)))
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := resp.Validate(e); err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.Marshal(resp)
	fmt.Println(string(out))
	fmt.Println(resp.Add("r4", "Bogus", nil))
	// Output:
	// {"records":[{"recordId":"r1","result":"Ok","data":"SEVMTE8="},{"recordId":"r2","result":"Dropped","data":""},{"recordId":"r3","result":"ProcessingFailed","data":"/w=="}]}
	// firehose: record r4: result "Bogus" is not Ok, Dropped or ProcessingFailed
}
