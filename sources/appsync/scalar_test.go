package appsync_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/sources/appsync"
)

// Offsets are ±hh:mm (the reference writes -12:00:00), Z in UTC.
func TestScalars(t *testing.T) {
	at := time.Date(2024, 3, 9, 16, 4, 5, 123456789, time.UTC)
	tests := []struct {
		name                 string
		t                    time.Time
		date, clock, instant string
	}{
		{"utc", at, "2024-03-09Z", "16:04:05.123Z", "2024-03-09T16:04:05.123Z"},
		{"-12", at.In(time.FixedZone("", -12*3600)), "2024-03-09-12:00", "04:04:05.123-12:00", "2024-03-09T04:04:05.123-12:00"},
		{"+05:30", at.In(time.FixedZone("IST", 5*3600+1800)), "2024-03-09+05:30", "21:34:05.123+05:30", "2024-03-09T21:34:05.123+05:30"},
		{"+14, the next day", at.In(time.FixedZone("", 14*3600)), "2024-03-10+14:00", "06:04:05.123+14:00", "2024-03-10T06:04:05.123+14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.date, appsync.AWSDate(tt.t))
			assert.Equal(t, tt.clock, appsync.AWSTime(tt.t))
			assert.Equal(t, tt.instant, appsync.AWSDateTime(tt.t))
			assert.Equal(t, int64(1710000245), appsync.AWSTimestamp(tt.t))
		})
	}
}

func TestNewID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		id := appsync.NewID()
		assert.Regexp(t, v4, id)
		assert.False(t, seen[id], "repeated %s", id)
		seen[id] = true
	}
}
