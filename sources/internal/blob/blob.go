// Package blob decodes the data of stream records, base64 text in the
// event: Kinesis Data Streams records, Firehose records. It gives the
// bytes, the text, a JSON document, what the document carries, and the
// CloudWatch Logs payload a subscription filter writes there (gzip), and
// picks which of them the printer shows for a record.
package blob

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/internal/body"
	"github.com/evplugin/evplugin/sources/internal/cwlogs"
	"github.com/evplugin/evplugin/sources/internal/inflate"
)

// Decode returns the bytes of data, strict base64 text; empty data is no
// bytes and no error.
func Decode(data string) ([]byte, error) { return body.Optional(data, true) }

// ErrNotText is the error of reading data that is not UTF-8 as text.
var ErrNotText = errors.New("data is not UTF-8 text")

// Text returns the decoded data as text; data that is not valid UTF-8
// (binary, compressed) is [ErrNotText].
func Text(data string) (string, error) {
	b, err := Decode(data)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", ErrNotText
	}
	return string(b), nil
}

// JSON decodes the decoded data, a JSON document, into v; no data is
// [body.ErrEmpty].
func JSON(data string, v any) error {
	b, err := Decode(data)
	if err != nil {
		return err
	}
	return body.JSON(b, v)
}

// Payload returns what the decoded data carries: an event a registered
// source detects, decoded into its type, or else the JSON document as plain
// values (see [sources.Payload]).
func Payload(data string) (any, error) {
	b, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return sources.Payload(string(b))
}

// CloudWatchLogs decodes the log events a CloudWatch Logs subscription
// filter wrote in a record: the decoded data is the compressed payload
// (gzip, or zlib), which may not inflate beyond limit bytes (see
// [cwlogs.Parse]).
func CloudWatchLogs(data string, limit int64) (*cwlogs.Payload, error) {
	b, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return cwlogs.Parse(b, limit)
}

// Inflated returns the decoded data decompressed (gzip or zlib), at most
// limit bytes; more is an error wrapping [inflate.ErrTooLarge].
func Inflated(data string, limit int64) ([]byte, error) {
	b, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return inflate.Bytes(b, limit)
}

// JSONInflated decodes the decompressed data (see [Inflated], with
// [inflate.DefaultLimit]), a JSON document, into v.
func JSONInflated(data string, v any) error {
	b, err := Inflated(data, inflate.DefaultLimit)
	if err != nil {
		return err
	}
	return body.JSON(b, v)
}

// IsGzip reports whether b starts as gzip-compressed data does.
func IsGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// kplMagic starts a record the Kinesis Producer Library aggregated.
var kplMagic = []byte{0xf3, 0x89, 0x9a, 0xc2}

// IsAggregated reports whether the decoded data is a record the Kinesis
// Producer Library aggregated (it starts with the KPL's magic number).
// Nothing here de-aggregates it: the user records are in its protobuf
// message.
func IsAggregated(data string) bool {
	b, err := Decode(data)
	return err == nil && bytes.HasPrefix(b, kplMagic)
}

// Derived lists the derived values the printer shows for a record's data,
// after the record's own (fixed, listed first): by what the decoded data
// holds, CloudWatchLogs (gzip: the log events, within the printer's
// budget), IsAggregated (a KPL aggregate), Payload (a JSON object or
// array), Text (other UTF-8 text); DecodedData, failing, for data that is
// not base64; nothing for no data and for other binary data, which the
// base64 text shows.
func Derived(data string, fixed ...printer.Derived) []printer.Derived {
	b, err := Decode(data)
	switch {
	case err != nil:
		return append(fixed, printer.Derive("DecodedData", func() ([]byte, error) { return Decode(data) }))
	case len(b) == 0:
		return fixed
	case IsGzip(b):
		return append(fixed, printer.DeriveWithin("CloudWatchLogs", func(limit int) (*cwlogs.View, error) {
			return cwlogs.ParseWithin(b, limit)
		}))
	case bytes.HasPrefix(b, kplMagic):
		return append(fixed, printer.Derive("IsAggregated", func() (bool, error) { return true, nil }))
	case isJSON(b):
		return append(fixed, printer.Derive("Payload", func() (any, error) { return Payload(data) }))
	case utf8.Valid(b):
		return append(fixed, printer.Derive("Text", func() (string, error) { return Text(data) }))
	}
	return fixed
}

// isJSON reports whether b looks like a JSON object or array.
func isJSON(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// LogsPayloadID names the CloudWatch Logs payload [Carried] finds in
// compressed data, in [sources.Nested]: no registered source detects it.
const LogsPayloadID = "aws.cloudwatch.logs.payload"

// Carried returns the payload of data at path (see [sources.Carrier]):
// the decoded data when it holds a JSON object or array; or, when it is
// gzip, the data inflated within limit bytes, with the CloudWatch Logs
// payload it holds as the fallback value (a subscription filter's
// delivery); none for other data.
func Carried(path, data string, limit int64) sources.Carried {
	b, err := Decode(data)
	c := sources.Carried{Path: path, Cost: int64(len(b))}
	switch {
	case err != nil || len(b) == 0:
		return c
	case IsGzip(b):
		r, err := inflate.Reader(b, limit)
		if err != nil {
			return c
		}
		defer r.Close()
		raw, err := io.ReadAll(r)
		c.Cost += int64(len(raw))
		if err != nil {
			return c
		}
		c.Data = raw
		if p := new(cwlogs.Payload); lossless.Unmarshal(raw, p) == nil && p.MessageType != "" {
			c.ID, c.Value = LogsPayloadID, p
		}
	case isJSON(b):
		c.Data = b
	}
	return c
}
