package transfer_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/transfer"
)

// A user of an EFS-backed server, locked into a logical home directory.
func ExampleNewLogicalResponse() {
	r, err := transfer.NewLogicalResponse("arn:aws:iam::123456789012:role/sftp-users",
		transfer.HomeDirectoryMapping{Entry: "/", Target: "/fs-0123456789abcdef0/home/jdoe"})
	if err != nil {
		panic(err)
	}
	if err := r.SetPosixProfile(5000, 1000); err != nil {
		panic(err)
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	// Output:
	// {"Role":"arn:aws:iam::123456789012:role/sftp-users","PosixProfile":{"Uid":5000,"Gid":1000},"HomeDirectoryType":"LOGICAL","HomeDirectoryDetails":"[{\"Entry\":\"/\",\"Target\":\"/fs-0123456789abcdef0/home/jdoe\"}]"}
}
