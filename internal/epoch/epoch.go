// Package epoch parses the epoch timestamps events carry as text.
package epoch

import (
	"math"
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
// "1545084650.987", "1.479499740E9"), as a UTC time. A decimal fraction is
// exact to the nanosecond (digits past the ninth are cut); an exponent
// goes through a float, to the microsecond.
func Seconds(s string) (time.Time, error) {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return time.Time{}, err
		}
		return time.UnixMicro(int64(math.Round(f * 1e6))).UTC(), nil
	}
	whole, frac, dot := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	if !dot {
		return time.Unix(sec, 0).UTC(), nil
	}
	if frac == "" || strings.Trim(frac, "0123456789") != "" {
		return time.Time{}, &strconv.NumError{Func: "Seconds", Num: s, Err: strconv.ErrSyntax}
	}
	frac = (frac + "000000000")[:9]
	ns, _ := strconv.ParseInt(frac, 10, 64)
	if strings.HasPrefix(whole, "-") {
		ns = -ns
	}
	return time.Unix(sec, ns).UTC(), nil
}
