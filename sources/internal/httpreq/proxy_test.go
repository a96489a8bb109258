package httpreq_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func TestSingleAndMultiLookups(t *testing.T) {
	single := map[string]string{"Accept": "b", "q": "2"}
	multi := map[string][]string{"accept": {"a", "b"}, "X-Multi": {"1", "2"}, "q": {"1", "2"}, "m": {"x", "y"}}

	v, ok := httpreq.LastHeader(single, multi, "ACCEPT")
	require.True(t, ok)
	assert.Equal(t, "b", v)
	v, ok = httpreq.LastHeader(nil, multi, "x-multi")
	require.True(t, ok)
	assert.Equal(t, "2", v, "the last of the multi-value map")
	_, ok = httpreq.LastHeader(single, multi, "missing")
	assert.False(t, ok)
	assert.Equal(t, []string{"a", "b"}, httpreq.AllHeaderValues(single, multi, "Accept"))
	assert.Equal(t, []string{"b"}, httpreq.AllHeaderValues(single, nil, "accept"))
	assert.Nil(t, httpreq.AllHeaderValues(single, multi, "missing"))

	v, ok = httpreq.LastQueryParam(single, multi, "q")
	require.True(t, ok)
	assert.Equal(t, "2", v)
	v, ok = httpreq.LastQueryParam(nil, multi, "m")
	require.True(t, ok)
	assert.Equal(t, "y", v)
	_, ok = httpreq.LastQueryParam(single, multi, "Q")
	assert.False(t, ok, "query names are case-sensitive")
	assert.Equal(t, []string{"1", "2"}, httpreq.AllQueryParamValues(single, multi, "q"))
	assert.Equal(t, []string{"2"}, httpreq.AllQueryParamValues(single, nil, "q"))
	assert.Nil(t, httpreq.AllQueryParamValues(single, multi, "Q"))
}

// TestMergeQueryKeepsSingles: the reference's resolved view (#7993) drops
// the single-value parameters as soon as any multi-value one exists.
func TestMergeQueryKeepsSingles(t *testing.T) {
	single := map[string]string{"only": "s", "both": "2"}
	multi := map[string][]string{"both": {"1", "2"}, "multi": {"m"}}
	assert.Equal(t, map[string][]string{"only": {"s"}, "both": {"1", "2"}, "multi": {"m"}}, httpreq.MergeQuery(single, multi))
	assert.Equal(t, map[string][]string{"only": {"s"}, "both": {"2"}}, httpreq.MergeQuery(single, nil))
	assert.Nil(t, httpreq.MergeQuery(nil, map[string][]string{}))

	merged := httpreq.MergeQuery(nil, multi)
	merged["both"][0] = "changed"
	assert.Equal(t, "1", multi["both"][0], "a copy")
}

func TestDecodeQuery(t *testing.T) {
	q, err := httpreq.DecodeQuery(map[string][]string{
		"name":        {"J%C3%BCrgen", "a+b"},
		"redirect_to": {"https%3A%2F%2Fexample.org%2Fx%3Fy%3D1"},
		"sp%20ace":    {"1"},
		"sp+ace":      {"2"},
		"empty":       {""},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"Jürgen", "a b"}, q["name"])
	assert.Equal(t, []string{"https://example.org/x?y=1"}, q["redirect_to"])
	assert.Equal(t, []string{"1", "2"}, q["sp ace"], "names that unescape alike merge, encoded names in sorted order")
	assert.Equal(t, []string{""}, q["empty"])

	q, err = httpreq.DecodeQuery(map[string][]string{"bad": {"%zz", "ok"}, "%g1": {"x"}, "good": {"1"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"%g1"`, "the first bad pair, in sorted order")
	assert.Equal(t, url.Values{"bad": {"ok"}, "good": {"1"}}, q, "bad pairs are left out, the rest kept")

	q, err = httpreq.DecodeQuery(nil)
	assert.NoError(t, err)
	assert.Nil(t, q)
}

func TestStringsMap(t *testing.T) {
	assert.Equal(t, map[string][]string{"a": {"1", "2"}, "b": {"x"}}, httpreq.StringsMap(map[string]any{
		"a": []any{"1", "2"}, "b": "x", "null": nil,
	}))
	assert.Nil(t, httpreq.StringsMap(map[string]any{}))
}

func TestStrings(t *testing.T) {
	tests := []struct {
		in   any
		want []string
	}{
		{"1234", []string{"1234"}}, // the reference splits it into 1,2,3,4
		{[]any{"a", "b"}, []string{"a", "b"}},
		{[]string{"a"}, []string{"a"}},
		{[]any{"a", json.Number("1"), true, nil, []any{"x"}, map[string]any{}}, []string{"a", "1", "true"}},
		{json.Number("12"), []string{"12"}},
		{false, []string{"false"}},
		{2.5, []string{"2.5"}},
		{nil, nil},
		{map[string]any{"a": "b"}, nil},
		{[]any{}, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, httpreq.Strings(tt.in), "%#v", tt.in)
	}
}

func TestSecretQueryPathsUnescape(t *testing.T) {
	q := map[string][]string{"access%5Ftoken": {"x"}, "Code": {"y"}, "page": {"1"}, "%zz": {"2"}, "X-Amz-Signature": {"s"}}
	assert.Equal(t, []string{"q.Code", "q.X-Amz-Signature", "q.access%5Ftoken"}, httpreq.SecretQueryPaths("q", q))
}

func TestStatusDescription(t *testing.T) {
	assert.Equal(t, "200 OK", httpreq.StatusDescription(200))
	assert.Equal(t, "404 Not Found", httpreq.StatusDescription(http.StatusNotFound))
	assert.Equal(t, "418 I'm a teapot", httpreq.StatusDescription(418))
	assert.Equal(t, "299", httpreq.StatusDescription(299))
}

func TestCheckStatusAndJSONText(t *testing.T) {
	assert.NoError(t, httpreq.CheckStatus("alb", 100))
	assert.NoError(t, httpreq.CheckStatus("alb", 599))
	assert.EqualError(t, httpreq.CheckStatus("alb", 99), "alb: invalid HTTP status 99")
	assert.EqualError(t, httpreq.CheckStatus("vpclattice", 600), "vpclattice: invalid HTTP status 600")

	s, err := httpreq.JSONText("alb", 200, map[string]int{"n": 1})
	require.NoError(t, err)
	assert.Equal(t, `{"n":1}`, s)
	_, err = httpreq.JSONText("alb", 200, make(chan int))
	assert.ErrorContains(t, err, "alb: response body")
	_, err = httpreq.JSONText("alb", 0, nil)
	assert.Error(t, err)
}

func TestSingleAndMultiValueHeaders(t *testing.T) {
	h := http.Header{}
	h.Add("Content-Type", "text/plain")
	h.Add("Vary", "Accept")
	h.Add("Vary", "Origin")
	h.Add("Set-Cookie", "a=1")
	h.Add("Set-Cookie", "b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT")
	h["Empty"] = nil
	h.Add(http.TrailerPrefix+"X-Checksum", "abc")

	assert.Equal(t, map[string]string{
		"Content-Type": "text/plain",
		"Vary":         "Accept, Origin",
		"Set-Cookie":   "b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
	}, httpreq.SingleValueHeaders(h))
	multi := httpreq.MultiValueHeaders(h)
	assert.Equal(t, map[string][]string{
		"Content-Type": {"text/plain"},
		"Vary":         {"Accept", "Origin"},
		"Set-Cookie":   {"a=1", "b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT"},
	}, multi)
	multi["Vary"][0] = "changed"
	assert.Equal(t, "Accept", h["Vary"][0], "a copy")
	assert.Nil(t, httpreq.SingleValueHeaders(nil))
	assert.Nil(t, httpreq.SingleValueHeaders(http.Header{"Empty": nil}))
	assert.Equal(t, map[string][]string{}, httpreq.MultiValueHeaders(nil))
}

func TestValidCookie(t *testing.T) {
	assert.NoError(t, httpreq.ValidCookie("alb", &http.Cookie{Name: "a", Value: "1"}))
	assert.EqualError(t, httpreq.ValidCookie("alb", nil), "alb: nil cookie")
	assert.ErrorContains(t, httpreq.ValidCookie("alb", &http.Cookie{Name: "bad name"}), "alb: cookie:")
}

func TestLast(t *testing.T) {
	v, ok := httpreq.Last([]string{"a", "b"})
	require.True(t, ok)
	assert.Equal(t, "b", v)
	_, ok = httpreq.Last(nil)
	assert.False(t, ok)

}
