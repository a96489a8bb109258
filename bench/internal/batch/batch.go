// Package batch builds a large SQS batch for the memory benchmark: records
// copied from the reference sample, each with a body of JSON text (orders
// with nested items and notes holding quotes), so the body is a string full
// of \" escapes in the event, as when a producer sends JSON through SQS.
package batch

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/events"
)

// BodySize is the size of each record's body before escaping: SQS's
// largest message, 256 KiB.
const BodySize = 256 << 10

// Sample reads the reference SQS sample from ../../shared/events/powertools
// (EVPLUGIN_EVENTS overrides the folder), its binaryValue made valid base64
// as aws-lambda-go's []byte field requires.
func Sample() ([]byte, error) {
	dir := filepath.Join("..", "..", "shared", "events", "powertools")
	if d := os.Getenv("EVPLUGIN_EVENTS"); d != "" {
		dir = d
	}
	raw, err := os.ReadFile(filepath.Join(dir, "sqsEvent.json"))
	if err != nil {
		return nil, fmt.Errorf("%w (set EVPLUGIN_EVENTS to the powertools events folder)", err)
	}
	return bytes.ReplaceAll(raw, []byte(`"base64Str"`), []byte(`"YmFzZTY0U3Ry"`)), nil
}

// SQS returns an SQS event of at most size bytes (Lambda's payload limit,
// 6 MB, in the benchmark) made of sample's first record repeated with
// large JSON bodies, marshalled by encoding/json. sample is the SQS event
// the baseline decodes (aws-lambda-go's types).
func SQS(sample []byte, size int) ([]byte, error) {
	var e events.SQSEvent
	if err := stdjson.Unmarshal(sample, &e); err != nil {
		return nil, err
	}
	if len(e.Records) == 0 {
		return nil, fmt.Errorf("batch: the sample has no records")
	}
	body, err := jsonBody(BodySize)
	if err != nil {
		return nil, err
	}
	var out []byte
	for n := 1; ; n++ {
		next := events.SQSEvent{Records: make([]events.SQSMessage, n)}
		for i := range next.Records {
			r := e.Records[0]
			r.MessageId = fmt.Sprintf("%s-%d", r.MessageId, i)
			r.Body = body
			next.Records[i] = r
		}
		var buf bytes.Buffer
		enc := stdjson.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(next); err != nil {
			return nil, err
		}
		if buf.Len() > size {
			if out == nil {
				return nil, fmt.Errorf("batch: one record is over %d bytes", size)
			}
			return out, nil
		}
		out = buf.Bytes()
	}
}

type order struct {
	OrderID  int    `json:"orderId"`
	Customer party  `json:"customer"`
	Items    []item `json:"items"`
	Note     string `json:"note"`
}

type party struct {
	ID, Name, Email string
}

type item struct {
	SKU   string  `json:"sku"`
	Qty   int     `json:"qty"`
	Price float64 `json:"price"`
}

// jsonBody marshals orders until the next would pass size bytes.
func jsonBody(size int) (string, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"orders":[`)
	for i := 0; ; i++ {
		o, err := stdjson.Marshal(order{
			OrderID:  10000 + i,
			Customer: party{fmt.Sprintf("c-%06d", i), fmt.Sprintf("Customer %d", i), fmt.Sprintf("customer%d@example.com", i)},
			Items:    []item{{fmt.Sprintf("SKU-%04d", i%9999), 1 + i%5, float64(5+i%50) + 0.99}, {"SKU-0001", 1, 4.5}},
			Note:     `leave at door, "fragile"`,
		})
		if err != nil {
			return "", err
		}
		if buf.Len()+len(o)+3 > size {
			break
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(o)
	}
	buf.WriteString(`]}`)
	return buf.String(), nil
}
