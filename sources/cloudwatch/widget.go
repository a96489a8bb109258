package cloudwatch

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

func init() {
	// Every call from a dashboard carries widgetContext; the console asks
	// a widget for its documentation with describe set.
	sources.Register[WidgetEvent]("aws.cloudwatch.widget", "Amazon CloudWatch dashboard custom widget", sources.PriorityShape,
		registry.Any(registry.PathExists("widgetContext"), registry.PathEquals("describe", "true")))
}

// WidgetEvent is what a dashboard sends the function of a custom widget.
// The widget's parameters come at the top level of the event (kept among
// its unknown members) and again in WidgetContext.Params.
//
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/add_custom_widget_dashboard_about.html
type WidgetEvent struct {
	lossless.Extra
	// Describe asks for the widget's documentation, which the function
	// returns as markdown ([WidgetMarkdown]) instead of the widget.
	Describe      bool           `json:"describe"`
	WidgetContext *WidgetContext `json:"widgetContext"`
}

// The themes of a dashboard.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"
)

// The modes of a [TimeRange].
const (
	TimeRangeRelative = "relative"
	TimeRangeAbsolute = "absolute"
)

// WidgetContext describes the dashboard, the widget and the time range
// it shows.
type WidgetContext struct {
	lossless.Extra
	DashboardName string         `json:"dashboardName"`
	WidgetID      string         `json:"widgetId"`
	Domain        string         `json:"domain"` // the console's origin, https://us-east-1.console.aws.amazon.com
	AccountID     string         `json:"accountId"`
	Locale        string         `json:"locale"`
	Timezone      *Timezone      `json:"timezone"`
	Period        int64          `json:"period"` // seconds
	IsAutoPeriod  bool           `json:"isAutoPeriod"`
	TimeRange     *TimeRange     `json:"timeRange"`
	Theme         string         `json:"theme"` // ThemeLight or ThemeDark
	LinkCharts    bool           `json:"linkCharts"`
	Title         string         `json:"title"`
	Forms         *WidgetForms   `json:"forms"`
	Params        map[string]any `json:"params"` // the widget's parameters
	Width         int64          `json:"width"`  // pixels
	Height        int64          `json:"height"`
}

// PeriodDuration is Period as a duration.
func (c WidgetContext) PeriodDuration() time.Duration { return time.Duration(c.Period) * time.Second }

// ParamsAs decodes the widget's parameters into v, a pointer to the
// caller's struct or map (see lossless.Into for the rules).
func (c WidgetContext) ParamsAs(v any) error {
	if err := lossless.Into(c.Params, v); err != nil {
		return fmt.Errorf("cloudwatch: widget params: %w", err)
	}
	return nil
}

// WidgetForms holds the values of the HTML forms in the widget.
type WidgetForms struct {
	lossless.Extra
	All map[string]any `json:"all"` // every form field by name
}

// Timezone is the dashboard's time zone: UTC or the browser's (Local).
type Timezone struct {
	lossless.Extra
	Label           string `json:"label"`     // UTC or Local
	OffsetISO       string `json:"offsetISO"` // +00:00
	OffsetInMinutes int64  `json:"offsetInMinutes"`
}

// Location is the time zone as a fixed offset named by Label.
func (z Timezone) Location() *time.Location {
	return time.FixedZone(z.Label, int(z.OffsetInMinutes)*60)
}

// TimeRange is the time range the dashboard shows, in epoch milliseconds.
//
//evplugin:derived StartTime EndTime
type TimeRange struct {
	lossless.Extra
	Mode          string    `json:"mode"` // TimeRangeRelative or TimeRangeAbsolute
	Start         int64     `json:"start"`
	End           int64     `json:"end"`
	RelativeStart int64     `json:"relativeStart"` // relative mode: milliseconds before now
	Zoom          *TimeZoom `json:"zoom"`          // the range the user zoomed into, if any
}

// StartTime is Start as a UTC time.
func (r TimeRange) StartTime() (time.Time, error) { return msTime("start", r.Start) }

// EndTime is End as a UTC time.
func (r TimeRange) EndTime() (time.Time, error) { return msTime("end", r.End) }

// Relative is RelativeStart as a duration: how far back a relative range
// reaches.
func (r TimeRange) Relative() time.Duration { return time.Duration(r.RelativeStart) * time.Millisecond }

// Shown returns the range the widget should draw: the zoomed range when
// the user zoomed in, the dashboard's otherwise.
func (r TimeRange) Shown() (start, end time.Time, err error) {
	if r.Zoom != nil && (r.Zoom.Start != 0 || r.Zoom.End != 0) {
		start, err = r.Zoom.StartTime()
		if err == nil {
			end, err = r.Zoom.EndTime()
		}
		return start, end, err
	}
	if start, err = r.StartTime(); err == nil {
		end, err = r.EndTime()
	}
	return start, end, err
}

// TimeZoom is a zoomed-in part of a [TimeRange], in epoch milliseconds.
//
//evplugin:derived StartTime EndTime
type TimeZoom struct {
	lossless.Extra
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// StartTime is Start as a UTC time.
func (z TimeZoom) StartTime() (time.Time, error) { return msTime("zoom start", z.Start) }

// EndTime is End as a UTC time.
func (z TimeZoom) EndTime() (time.Time, error) { return msTime("zoom end", z.End) }

func msTime(name string, ms int64) (time.Time, error) {
	if ms == 0 {
		return time.Time{}, fmt.Errorf("cloudwatch: no %s", name)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// WidgetResponse is what a custom widget's function returns: HTML, as a
// JSON string, or markdown, as {"markdown": "..."}. Return it from the
// handler; it marshals to the form the dashboard reads.
type WidgetResponse struct {
	text     string
	markdown bool
}

// WidgetHTML returns the response showing html (CSS and SVG included).
func WidgetHTML(html string) WidgetResponse { return WidgetResponse{text: html} }

// WidgetMarkdown returns the response showing markdown; it is also the
// form of the documentation a widget returns when asked to describe
// itself.
func WidgetMarkdown(markdown string) WidgetResponse {
	return WidgetResponse{text: markdown, markdown: true}
}

// IsMarkdown reports whether r is markdown rather than HTML.
func (r WidgetResponse) IsMarkdown() bool { return r.markdown }

// String returns the HTML or markdown text.
func (r WidgetResponse) String() string { return r.text }

// MarshalJSON writes HTML as a JSON string, markdown as {"markdown": ...}.
func (r WidgetResponse) MarshalJSON() ([]byte, error) {
	if r.markdown {
		return json.Marshal(struct {
			Markdown string `json:"markdown"`
		}{r.text})
	}
	return json.Marshal(r.text)
}

// UnmarshalJSON reads either form back.
func (r *WidgetResponse) UnmarshalJSON(b []byte) error {
	var html string
	if err := json.Unmarshal(b, &html); err == nil {
		*r = WidgetHTML(html)
		return nil
	}
	var md struct {
		Markdown *string `json:"markdown"`
	}
	if err := json.Unmarshal(b, &md); err != nil || md.Markdown == nil {
		return errors.New("cloudwatch: a widget response is an HTML string or {\"markdown\": ...}")
	}
	*r = WidgetMarkdown(*md.Markdown)
	return nil
}
