package apigateway_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/sources/apigateway"
)

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestHTTPResponse(t *testing.T) {
	r, err := apigateway.JSONResponse(http.StatusCreated, map[string]any{"id": "c-77", "n": 2})
	require.NoError(t, err)
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "sid", Value: "abc", Path: "/", HttpOnly: true, Secure: true}))
	assert.JSONEq(t, `{"statusCode":201,"headers":{"Content-Type":"application/json"},
		"cookies":["sid=abc; Path=/; HttpOnly; Secure"],"body":"{\"id\":\"c-77\",\"n\":2}","isBase64Encoded":false}`, marshal(t, r))

	assert.Error(t, r.SetCookie(&http.Cookie{Name: "bad name", Value: "x"}))
	assert.Error(t, r.SetCookie(nil))
	assert.Len(t, r.Cookies, 1, "failed SetCookie leaves the response alone")

	r, err = apigateway.BinaryResponse(200, "image/png", []byte{0x89, 'P', 'N', 'G'})
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Content-Type":"image/png"},"cookies":null,"body":"iVBORw==","isBase64Encoded":true}`, marshal(t, r))

	for _, status := range []int{0, 99, 600, -1} {
		_, err := apigateway.JSONResponse(status, nil)
		assert.Error(t, err, status)
		_, err = apigateway.BinaryResponse(status, "a/b", nil)
		assert.Error(t, err, status)
	}
	_, err = apigateway.JSONResponse(200, make(chan int))
	assert.Error(t, err, "not encodable")
}

func TestRESTResponse(t *testing.T) {
	r, err := apigateway.RESTJSONResponse(http.StatusOK, []string{"a"})
	require.NoError(t, err)
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "a", Value: "1"}))
	require.NoError(t, r.SetCookie(&http.Cookie{Name: "b", Value: "2", MaxAge: 60}))
	assert.JSONEq(t, `{"statusCode":200,"headers":{"Content-Type":"application/json"},
		"multiValueHeaders":{"Set-Cookie":["a=1","b=2; Max-Age=60"]},"body":"[\"a\"]","isBase64Encoded":false}`, marshal(t, r))
	assert.Error(t, r.SetCookie(&http.Cookie{Name: "", Value: "x"}))

	r, err = apigateway.RESTBinaryResponse(200, "application/pdf", []byte("%PDF"))
	require.NoError(t, err)
	assert.Equal(t, "JVBERg==", r.Body)
	assert.True(t, r.IsBase64Encoded)
	_, err = apigateway.RESTJSONResponse(1000, nil)
	assert.Error(t, err)
	_, err = apigateway.RESTBinaryResponse(42, "a/b", nil)
	assert.Error(t, err)
	_, err = apigateway.RESTJSONResponse(200, func() {})
	assert.Error(t, err)
}

func TestServeRejectsInvalidStatus(t *testing.T) {
	_, err := apigateway.RESTEvent{}.HTTPResponse(700, http.Header{}, nil)
	assert.ErrorContains(t, err, "invalid HTTP status 700")
	_, err = apigateway.RESTEvent{}.HTTPStreamPrelude(99, http.Header{})
	assert.Error(t, err)
	_, err = apigateway.HTTPEvent{}.HTTPResponse(600, http.Header{}, nil)
	assert.Error(t, err)
	v, err := apigateway.HTTPEvent{}.HTTPResponse(599, http.Header{}, nil)
	require.NoError(t, err)
	assert.Equal(t, apigateway.HTTPResponse{StatusCode: 599, Headers: map[string]string{}, Cookies: []string{}}, v)
}
