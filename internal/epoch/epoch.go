// Package epoch parses the epoch timestamps events carry as text.
package epoch

import (
	"strconv"
	"strings"
	"time"
)

// Millis parses epoch milliseconds ("1545082649183") as a UTC time.
func Millis(s string) (time.Time, error) {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(ms).UTC(), nil
}

// Micros parses epoch microseconds ("1696331543569073") as a UTC time.
func Micros(s string) (time.Time, error) {
	us, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMicro(us).UTC(), nil
}

// Seconds parses epoch seconds, possibly fractional ("1428537600",
// "1.479499740E9"), as a UTC time, to the microsecond.
func Seconds(s string) (time.Time, error) {
	if !strings.ContainsAny(s, ".eE") {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, err
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMicro(int64(f * 1e6)).UTC(), nil
}
