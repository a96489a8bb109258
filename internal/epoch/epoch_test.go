package epoch

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMillisAndSeconds(t *testing.T) {
	got, err := Millis("1545082649183")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2018, 12, 17, 21, 37, 29, 183e6, time.UTC), got)

	for in, want := range map[string]time.Time{
		"1479499740":    time.Unix(1479499740, 0).UTC(),
		"1.479499740E9": time.Unix(1479499740, 0).UTC(),
		"1710756123.25": time.Unix(1710756123, 250e6).UTC(),
		// Kinesis approximateArrivalTimestamp; decimal digits are exact
		// to the nanosecond (a float keeps microseconds at most).
		"1545084650.987":        time.Unix(1545084650, 987e6).UTC(),
		"1668092612.992":        time.Unix(1668092612, 992e6).UTC(),
		"1607497475.000":        time.Unix(1607497475, 0).UTC(),
		"1607497475.1234567891": time.Unix(1607497475, 123456789).UTC(),
		"-1.5":                  time.Unix(-1, -5e8).UTC(),
	} {
		got, err := Seconds(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "abc", "12x", "1e", "1.", ".5", "1.2.3", "1.-2", "1.2x"} {
		_, err := Millis(bad)
		assert.Error(t, err, bad)
		_, err = Seconds(bad)
		assert.Error(t, err, bad)
	}
}

func TestMicros(t *testing.T) {
	got, err := Micros("1696331543569073")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2023, 10, 3, 11, 12, 23, 569073e3, time.UTC), got)
	for _, bad := range []string{"", "1.5", "x", "1696331543569073000000"} {
		_, err := Micros(bad)
		assert.Error(t, err, bad)
	}
}
