package cloudwatch_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/cloudwatch"
)

func ExampleLogsData_Parse() {
	// What a subscription filter sends: a gzip-compressed, base64-encoded
	// JSON payload in awslogs.data.
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, _ = w.Write([]byte(`{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/aws/lambda/api",
		"logStream":"2024/03/18/[$LATEST]abc","subscriptionFilters":["errors"],
		"logEvents":[{"id":"1","timestamp":1710756000123,"message":"{\"level\":\"ERROR\",\"code\":502}"}]}`))
	_ = w.Close()
	raw := `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gz.Bytes()) + `"}}`

	var e cloudwatch.LogsEvent
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		fmt.Println(err)
		return
	}
	p, err := e.AWSLogs.Parse()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, le := range p.LogEvents {
		var msg struct {
			Level string `json:"level"`
			Code  int    `json:"code"`
		}
		if err := le.JSONMessage(&msg); err != nil {
			fmt.Println(err)
			return
		}
		at, _ := le.Time()
		fmt.Println(p.LogGroup, at.Format("15:04:05.000"), msg.Level, msg.Code)
	}
	// Output:
	// /aws/lambda/api 10:00:00.123 ERROR 502
}
