package cloudwatch_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/cloudwatch"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

func TestWidgetContext(t *testing.T) {
	e := sourcetest.Decode[cloudwatch.WidgetEvent](t, sourcetest.Reference(t, "cloudWatchDashboardEvent.json"))
	assert.False(t, e.Describe)
	c := e.WidgetContext
	require.NotNil(t, c)
	assert.Equal(t, "widget-16", c.WidgetID)
	assert.Equal(t, 5*time.Minute, c.PeriodDuration())
	assert.Equal(t, cloudwatch.ThemeLight, c.Theme)
	r := c.TimeRange
	assert.Equal(t, cloudwatch.TimeRangeRelative, r.Mode)
	start, err := r.StartTime()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1627236199729).UTC(), start)
	assert.Equal(t, 86400012*time.Millisecond, r.Relative())
	from, to, err := r.Shown()
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1627276030434).UTC(), from, "zoomed in")
	assert.Equal(t, time.UnixMilli(1627282956521).UTC(), to)
	r.Zoom = nil
	from, to, err = r.Shown()
	require.NoError(t, err)
	assert.Equal(t, start, from)
	assert.Equal(t, time.UnixMilli(1627322599729).UTC(), to)
	_, _, err = cloudwatch.TimeRange{}.Shown()
	assert.Error(t, err)

	var p struct {
		Original string `json:"original"`
	}
	require.NoError(t, c.ParamsAs(&p))
	assert.Equal(t, "param-to-widget", p.Original)

	loc := cloudwatch.Timezone{Label: "Local", OffsetISO: "-03:30", OffsetInMinutes: -210}.Location()
	_, off := time.Date(2024, 1, 1, 0, 0, 0, 0, loc).Zone()
	assert.Equal(t, -210*60, off)
}

func TestDescribe(t *testing.T) {
	e := sourcetest.Decode[cloudwatch.WidgetEvent](t, []byte(`{"describe":true}`))
	assert.True(t, e.Describe)
	assert.Nil(t, e.WidgetContext)
}

func TestWidgetResponses(t *testing.T) {
	for _, tc := range []struct {
		r    cloudwatch.WidgetResponse
		want string
	}{
		{cloudwatch.WidgetHTML(`<h1>Orders</h1><div class="cwdb-no-default-styles"></div>`), `"\u003ch1\u003eOrders\u003c/h1\u003e\u003cdiv class=\"cwdb-no-default-styles\"\u003e\u003c/div\u003e"`},
		{cloudwatch.WidgetMarkdown("## Orders\n**42** failed"), `{"markdown":"## Orders\n**42** failed"}`},
		{cloudwatch.WidgetHTML(""), `""`},
	} {
		b, err := json.Marshal(tc.r)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(b))
		var back cloudwatch.WidgetResponse
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, tc.r, back)
		assert.Equal(t, tc.r.IsMarkdown(), back.IsMarkdown())
	}
	assert.Equal(t, "x", cloudwatch.WidgetMarkdown("x").String())
	var r cloudwatch.WidgetResponse
	for _, bad := range []string{`{}`, `{"markdown":1}`, `42`, `[]`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &r), bad)
	}
}
