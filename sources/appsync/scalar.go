package appsync

import (
	"crypto/rand"
	"fmt"
	"time"
)

// AppSync's scalar types, written from Go values. AWSDate, AWSTime and
// AWSDateTime carry the offset of t's location as ±hh:mm, or Z for UTC
// (the reference library writes ±hh:00:00, which ISO 8601 does not know);
// to write another zone, pass t.In(loc), or t.In(time.FixedZone("", -12*3600))
// for an offset of -12:00.
// https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html

// NewID returns a new random UUID (version 4), a value for the ID type.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // never fails (crypto/rand, Go 1.24)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// AWSDate writes t's date: "2024-03-09Z", "2024-03-09-12:00".
func AWSDate(t time.Time) string { return t.Format("2006-01-02Z07:00") }

// AWSTime writes t's time of day, to the millisecond: "16:04:05.123Z",
// "16:04:05.123+05:30".
func AWSTime(t time.Time) string { return t.Format("15:04:05.000Z07:00") }

// AWSDateTime writes t, to the millisecond: "2024-03-09T16:04:05.123Z".
func AWSDateTime(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z07:00") }

// AWSTimestamp returns t as an AWSTimestamp: seconds since the Unix epoch.
func AWSTimestamp(t time.Time) int64 { return t.Unix() }
