package httpreq_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/internal/httpreq"
)

func TestSecretPaths(t *testing.T) {
	h := map[string]string{
		"Authorization": "a", "cookie": "c", "X-API-Key": "k", "Proxy-Authorization": "p",
		"x-amz-security-token": "t", "Accept": "x", "Authorization-Extra": "no", "x-amz-date": "no", "X-CSRF-Token": "t",
	}
	assert.Equal(t, []string{"headers.Authorization", "headers.Proxy-Authorization", "headers.X-API-Key", "headers.X-CSRF-Token", "headers.cookie", "headers.x-amz-security-token"},
		httpreq.SecretPaths("headers", h))
	assert.Equal(t, []string{"multiValueHeaders.COOKIE", "multiValueHeaders.Set-Cookie"}, httpreq.SecretPaths("multiValueHeaders", map[string][]string{"COOKIE": {"a"}, "Set-Cookie": {"b"}}))
	assert.Nil(t, httpreq.SecretPaths("headers", map[string]string(nil)))
}

func TestHeaderAndQueryValues(t *testing.T) {
	h := map[string]string{"Accept": "a, b", "X-One": "x"}
	assert.Equal(t, []string{"a", "b"}, httpreq.HeaderValues(h, "accept"))
	assert.Equal(t, []string{"x"}, httpreq.HeaderValues(h, "X-ONE"))
	assert.Nil(t, httpreq.HeaderValues(h, "missing"))

	params := map[string]string{"a": "1,2", "only": "p"}
	assert.Equal(t, []string{"1", "2"}, httpreq.QueryParamValues("a=1&a=2", params, "a"), "the raw query string first")
	assert.Equal(t, []string{"p"}, httpreq.QueryParamValues("", params, "only"))
	assert.Nil(t, httpreq.QueryParamValues("a=1", params, "missing"))
}

func TestCookies(t *testing.T) {
	cs := httpreq.Cookies([]string{"a=1; b=\"2\"", "c=3", "bad name=4", "d="})
	var got []string
	for _, c := range cs {
		got = append(got, c.Name+"="+c.Value)
	}
	assert.Equal(t, []string{"a=1", "b=2", "c=3", "d="}, got)
	assert.Nil(t, httpreq.Cookies(nil))
	v, ok := httpreq.Cookie([]string{"a=1", "a=2"}, "a")
	require.True(t, ok)
	assert.Equal(t, "1", v)
	_, ok = httpreq.Cookie(nil, "a")
	assert.False(t, ok)
}

func TestTime(t *testing.T) {
	tests := []struct {
		text  string
		epoch int64
		want  time.Time
		err   bool
	}{
		{"04/Mar/2020:19:15:17 +0000", 0, time.Date(2020, 3, 4, 19, 15, 17, 0, time.UTC), false},
		{"04/Mar/2020:19:15:17 -0130", 0, time.Date(2020, 3, 4, 20, 45, 17, 0, time.UTC), false},
		{"12/Mar/2020:19:03:58+0000", 0, time.Date(2020, 3, 12, 19, 3, 58, 0, time.UTC), false},
		{"", 1583348638390, time.UnixMilli(1583348638390).UTC(), false},
		{"", 0, time.Time{}, true},
		{"32/Mar/2020:19:03:58 +0000", 0, time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := httpreq.Time(tt.text, tt.epoch)
		if tt.err {
			assert.Error(t, err, tt.text)
			continue
		}
		require.NoError(t, err, tt.text)
		assert.Equal(t, tt.want, got, tt.text)
	}
	_, err := httpreq.Time("", 0)
	assert.ErrorIs(t, err, httpreq.ErrNoTime)
}

func TestSplitAndQuery(t *testing.T) {
	assert.Equal(t, []string{"a", "b", "c"}, httpreq.Split("a, b,c"))
	assert.Equal(t, []string{""}, httpreq.Split(""))
	assert.Equal(t, []string{"1", "x y", ""}, httpreq.QueryValues("a=1&b=2&a=x+y&a", "a"))
	assert.Equal(t, []string{"ü"}, httpreq.QueryValues("%C3%BC=%C3%BC", "ü"))
	assert.Nil(t, httpreq.QueryValues("", "a"))
	assert.Nil(t, httpreq.QueryValues("a=%zz", "a"))
}

func TestPayloadV2(t *testing.T) {
	r := httpreq.PayloadV2()
	require.NoError(t, r.Validate())
	a, b := httpreq.PayloadV2(), httpreq.PayloadV2()
	a.All[0].Value = "changed"
	assert.Equal(t, "2.0", b.All[0].Value, "each call returns a new rule")
}

func TestRedactQuery(t *testing.T) {
	for raw, want := range map[string]string{
		"code=abc&x=1":                         "code=[SENSITIVE]&x=1",
		"x=1&Access_Token=a&%74oken=b&t=2":     "x=1&Access_Token=[SENSITIVE]&%74oken=[SENSITIVE]&t=2",
		"X-Amz-Signature=s&X-Amz-Credential=c": "X-Amz-Signature=[SENSITIVE]&X-Amz-Credential=[SENSITIVE]",
		"code&x=%zz":                           "code&x=%zz",
	} {
		got, _ := httpreq.RedactQuery(raw, "[SENSITIVE]")
		assert.Equal(t, want, got, raw)
	}
	_, ok := httpreq.RedactQuery("a=1", "[SENSITIVE]")
	assert.False(t, ok)
	assert.Equal(t, []string{"q.CODE", "q.id_token"}, httpreq.SecretQueryPaths("q", map[string]string{"CODE": "", "id_token": "", "x": ""}))
}

func TestHeaderAndQueryV1(t *testing.T) {
	single := map[string]string{"Accept": "b", "x": "1"}
	multi := map[string][]string{"accept": {"a", "b"}, "Via": {"v1", "v2"}, "x": {"0", "1"}, "X": {"2"}}

	v, ok := httpreq.HeaderV1(single, multi, "ACCEPT")
	require.True(t, ok)
	assert.Equal(t, "b", v, "the single-value map first")
	v, ok = httpreq.HeaderV1(single, multi, "via")
	require.True(t, ok)
	assert.Equal(t, "v2", v, "else the last of the multi-value map")
	_, ok = httpreq.HeaderV1(nil, nil, "via")
	assert.False(t, ok)
	assert.Equal(t, []string{"a", "b"}, httpreq.HeaderValuesV1(single, multi, "Accept"))
	assert.Equal(t, []string{"1"}, httpreq.HeaderValuesV1(single, nil, "X"))
	assert.Nil(t, httpreq.HeaderValuesV1(single, multi, "missing"))

	v, ok = httpreq.QueryParamV1(single, multi, "x")
	require.True(t, ok)
	assert.Equal(t, "1", v)
	v, ok = httpreq.QueryParamV1(nil, multi, "X")
	require.True(t, ok)
	assert.Equal(t, "2", v, "names are case-sensitive")
	_, ok = httpreq.QueryParamV1(single, multi, "ACCEPT")
	assert.False(t, ok, "names are case-sensitive")
	assert.Equal(t, []string{"0", "1"}, httpreq.QueryParamValuesV1(single, multi, "x"))
	assert.Equal(t, []string{"b"}, httpreq.QueryParamValuesV1(single, nil, "Accept"))
	assert.Nil(t, httpreq.QueryParamValuesV1(single, multi, "via"), "names are case-sensitive")
}
