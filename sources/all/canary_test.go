package all_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/samples"
	"github.com/evplugin/evplugin/sources/internal/sourcetest"
)

// The secret canary: every payload of every registered source (its
// testdata and the reference samples detected as it) gets unique markers
// planted where secrets live; no marker may appear in what the printer,
// Explain or the decode and match errors show.
//
// Planted, by category:
//   - every string at any depth under a member whose name
//     printer.SensitiveName matches (apiKey, Signature, token_use, ...);
//   - credential headers, in several casings, added to every headers and
//     multiValueHeaders object (two values each in the multi-value form);
//   - credential query parameters, in several casings, added to every
//     queryStringParameters, multiValueQueryStringParameters and
//     query_string_parameters (VPC Lattice v1) object, and appended to
//     every rawQueryString;
//   - every string under requestContext.authorizer, and a member added to
//     it, to its lambda context and to its JWT claims;
//   - a base64 body (isBase64Encoded, is_base64_encoded), and the base64
//     data of a Kinesis or Firehose record, replaced by JSON text holding a
//     secret-named member, encoded;
//   - a Token parameter appended to every http(s) URL with a query;
//   - in JSON text held in a string (an SQS body, an SNS message, an API
//     Gateway body), at any nesting (the SNS envelope's Message inside an
//     SQS body), the same, and a member named like a secret added to each;
//   - every string under a member named as a field some registered type
//     tags sensitive (an SNS envelope's SubscribeURL), in JSON text only
//     where a registered source decodes the text (an SNS envelope in an SQS
//     body: masks follow the value into decoded payloads).
//
// Left out, for now:
//   - secrets inside compressed payloads (CloudWatch Logs data);
//   - non-string values at secret names (numbers, booleans, null): planting
//     a string there would change the type the source decodes.

// base64JSON names the members of x that hold base64 text a source
// decodes and prints: an HTTP body marked isBase64Encoded, the data of a
// Kinesis record (beside its sequenceNumber) or of a Firehose record
// (beside its recordId).
func base64JSON(x map[string]any) []string {
	_, seq := x["sequenceNumber"]
	_, id := x["recordId"]
	switch {
	case (x["isBase64Encoded"] == true || x["is_base64_encoded"] == true) && x["body"] != "" && x["body"] != nil:
		if _, ok := x["body"].(string); ok {
			return []string{"body"}
		}
	case seq || id:
		if d, ok := x["data"].(string); ok && d != "" {
			return []string{"data"}
		}
	}
	return nil
}

// taggedNames are the JSON names of the fields that registered types tag
// sensitive.
var taggedNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for f := range t.Fields() {
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); f.Tag.Get("sensitive") == "true" && name != "" {
				names[name] = true
			}
			walk(f.Type)
		}
	}
	for _, s := range registry.Default.Sources() {
		walk(reflect.TypeOf(s.New()))
	}
	return names
})

// credentialHeaders are planted into headers maps, each in the casings of
// headerCasings.
var credentialHeaders = []string{"Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-Amz-Security-Token", "X-Auth-Token", "X-CSRF-Token"}

// credentialQuery are planted into query maps and raw query strings.
var credentialQuery = []string{"access_token", "id_token", "token", "code", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"}

var headerCasings = []func(string) string{
	func(s string) string { return s },
	strings.ToLower,
	strings.ToUpper,
}

// canary plants markers into one decoded JSON document.
type canary struct {
	t       *testing.T
	untyped bool // planting in JSON text that no registered source decodes
	next    int
	planted map[string]string // marker → where it was planted
}

func (c *canary) marker(where string) string {
	c.next++
	m := fmt.Sprintf("CANARY-%06d", c.next)
	c.planted[m] = where
	return m
}

// leaves replaces every string at or below v with a marker.
func (c *canary) leaves(v any, path string) any {
	switch x := v.(type) {
	case string:
		return c.marker(path)
	case map[string]any:
		for _, k := range sortedMapKeys(x) {
			x[k] = c.leaves(x[k], path+"."+k)
		}
	case []any:
		for i := range x {
			x[i] = c.leaves(x[i], fmt.Sprintf("%s[%d]", path, i))
		}
	}
	return v
}

// plant walks v and plants markers where secrets live.
func (c *canary) plant(v any, path string) any {
	switch x := v.(type) {
	case string:
		// A URL with a query (an SNS SubscribeURL): add a token to it.
		if (strings.HasPrefix(x, "https://") || strings.HasPrefix(x, "http://")) && strings.Contains(x, "?") && !strings.Contains(x, "#") {
			return x + "&Token=" + c.marker(path+" URL Token")
		}
		// JSON text in a string (an SQS body, an SNS message, an API
		// Gateway body, the SNS message inside an SQS body): plant inside,
		// and add a member named like a secret.
		if !strings.HasPrefix(strings.TrimSpace(x), "{") {
			break
		}
		var inner any
		dec := json.NewDecoder(strings.NewReader(x))
		dec.UseNumber()
		if dec.Decode(&inner) != nil {
			break
		}
		n := len(c.planted)
		// Fields a type tags sensitive are secrets where that type
		// decodes the text (an SNS envelope in an SQS body); in other
		// JSON text only names tell.
		untyped := c.untyped
		if _, err := registry.Default.Detect([]byte(x)); err != nil {
			c.untyped = true
		}
		inner = c.plant(inner, path+"(json)")
		c.untyped = untyped
		if m, ok := inner.(map[string]any); ok {
			m["canary_token"] = c.marker(path + "(json).canary_token")
		}
		if len(c.planted) > n {
			b, err := json.Marshal(inner)
			if err == nil {
				return string(b)
			}
		}
	case []any:
		for i := range x {
			x[i] = c.plant(x[i], fmt.Sprintf("%s[%d]", path, i))
		}
	case map[string]any:
		for _, k := range base64JSON(x) {
			// A base64 body, or a stream record's data, becomes JSON text
			// holding a secret, encoded.
			p := k
			if path != "" {
				p = path + "." + k
			}
			inner, err := json.Marshal(map[string]any{"canary_token": c.marker(p + "(base64 json).canary_token")})
			require.NoError(c.t, err)
			x[k] = base64.StdEncoding.EncodeToString(inner)
		}
		for _, k := range sortedMapKeys(x) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			switch {
			case printer.SensitiveName(k) || (!c.untyped && taggedNames()[k]):
				x[k] = c.leaves(x[k], p)
			case k == "authorizer" && strings.HasSuffix(path, "requestContext"):
				x[k] = c.authorizer(x[k], p)
			default:
				x[k] = c.plant(x[k], p)
			}
			switch k {
			case "headers", "multiValueHeaders":
				c.addMembers(x[k], p, credentialHeaders, k == "multiValueHeaders")
			case "queryStringParameters", "multiValueQueryStringParameters", "query_string_parameters":
				if x[k] == nil {
					x[k] = map[string]any{}
				}
				c.addMembers(x[k], p, credentialQuery, k == "multiValueQueryStringParameters")
			case "rawQueryString":
				if s, ok := x[k].(string); ok {
					var pairs []string
					if s != "" {
						pairs = append(pairs, s)
					}
					for _, name := range credentialQuery {
						pairs = append(pairs, name+"="+c.marker(p+" "+name))
					}
					x[k] = strings.Join(pairs, "&")
				}
			}
		}
	}
	return v
}

// authorizer plants a marker in every string under an authorizer, and a
// member in it, in its lambda context and in its JWT claims.
func (c *canary) authorizer(v any, path string) any {
	a, ok := v.(map[string]any)
	if !ok {
		return v
	}
	c.leaves(a, path)
	a["canaryContext"] = c.marker(path + ".canaryContext")
	if l, ok := a["lambda"].(map[string]any); ok {
		l["canaryContext"] = c.marker(path + ".lambda.canaryContext")
	}
	if j, ok := a["jwt"].(map[string]any); ok {
		if cl, ok := j["claims"].(map[string]any); ok {
			cl["canaryClaim"] = c.marker(path + ".jwt.claims.canaryClaim")
		}
	}
	return a
}

// addMembers adds each name, in several casings, to m (a headers or query
// map), with a marker or, when multi, a list of two.
func (c *canary) addMembers(m any, path string, names []string, multi bool) {
	x, ok := m.(map[string]any)
	if !ok {
		return
	}
	for _, name := range names {
		for _, casing := range headerCasings {
			k := casing(name)
			where := path + "." + k
			if multi {
				x[k] = []any{c.marker(where + "[0]"), c.marker(where + "[1]")}
			} else {
				x[k] = c.marker(where)
			}
		}
	}
}

func sortedMapKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// canaryPayload is one payload of a source.
type canaryPayload struct {
	id, name string
	raw      []byte
}

// canaryPayloads returns every testdata payload of the registered sources,
// every sample of package samples and every reference sample detected as
// one of them.
func canaryPayloads(t *testing.T) []canaryPayload {
	t.Helper()
	var out []canaryPayload
	for _, s := range registry.Default.Sources() {
		names, err := filepath.Glob(filepath.Join(sourcetest.Root(t), "testdata", "events", s.ID, "*.json"))
		require.NoError(t, err)
		for _, n := range names {
			raw, err := os.ReadFile(n)
			require.NoError(t, err)
			out = append(out, canaryPayload{s.ID, "testdata/events/" + s.ID + "/" + filepath.Base(n), raw})
		}
	}
	for _, id := range samples.IDs() {
		raw, _ := samples.Get(id)
		out = append(out, canaryPayload{id, "samples/" + id + ".json", raw})
	}
	refs, err := filepath.Glob(filepath.Join(sourcetest.ReferenceDir(t), "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, refs, "no reference samples")
	for _, n := range refs {
		raw, err := os.ReadFile(n)
		require.NoError(t, err)
		if id, err := registry.Default.Detect(raw); err == nil {
			out = append(out, canaryPayload{id, "powertools/" + filepath.Base(n), raw})
		}
	}
	return out
}

// canaryResult counts what one run of the canary did.
type canaryResult struct {
	payloads, planted int
	byKind            map[string]int // markers planted by kind
	leaks             []string       // "source file: marker planted at location, shown by what"
}

// canaryKind names the kind of secret planted at where, for the counts.
func canaryKind(where string) string {
	switch {
	case strings.HasSuffix(where, " URL Token"):
		return "URL query"
	case strings.Contains(where, "(json)"), strings.Contains(where, "(base64 json)"):
		return "JSON text"
	case strings.Contains(where, "requestContext.authorizer"):
		return "authorizer"
	case strings.Contains(where, "rawQueryString"):
		return "rawQueryString"
	case strings.Contains(where, "QueryStringParameters."), strings.HasPrefix(where, "queryStringParameters."), strings.HasPrefix(where, "query_string_parameters."):
		return "query maps"
	case strings.Contains(where, "eaders."), strings.HasPrefix(where, "headers."):
		return "headers"
	}
	return "secret names"
}

// runCanary plants markers into every payload, decodes, prints with show,
// explains and matches against every other source, and reports the markers
// that showed. Payloads that stop decoding once planted fail t.
func runCanary(t *testing.T, show func(v any) string) canaryResult {
	t.Helper()
	res := canaryResult{byKind: map[string]int{}}
	for _, p := range canaryPayloads(t) {
		dec := json.NewDecoder(bytes.NewReader(p.raw))
		dec.UseNumber()
		var doc any
		require.NoError(t, dec.Decode(&doc), p.name)
		c := &canary{t: t, planted: map[string]string{}}
		doc = c.plant(doc, "")
		raw, err := json.Marshal(doc)
		require.NoError(t, err, p.name)
		res.payloads++
		res.planted += len(c.planted)
		for _, where := range c.planted {
			res.byKind[canaryKind(where)]++
		}

		shown := map[string]string{} // what showed → its text
		id, err := registry.Default.Detect(raw)
		if !assert.NoError(t, err, "%s %s: planted payload no longer detected", p.id, p.name) ||
			!assert.Equal(t, p.id, id, "%s %s: planted payload detected as another source", p.id, p.name) {
			continue
		}
		v, err := registry.Default.Decode(raw)
		if !assert.NoError(t, err, "%s %s: planted payload does not decode", p.id, p.name) {
			shown["decode error"] = err.Error()
			continue
		}
		shown["print"] = show(v)
		verdicts, err := registry.Default.Explain(raw)
		var b strings.Builder
		for _, vd := range verdicts {
			for _, cr := range vd.Conds {
				b.WriteString(cr.String() + "\n")
			}
		}
		if err != nil {
			b.WriteString(err.Error())
		}
		shown["explain"] = b.String()
		for _, s := range registry.Default.Sources() {
			if s.ID == p.id {
				continue
			}
			if err := registry.Default.Match(s.ID, raw); err != nil {
				var unknown *registry.UnknownError
				assert.True(t, errors.As(err, &unknown) || errors.Is(err, registry.ErrUnknownSource), "%s: %v", s.ID, err)
				shown["match "+s.ID] = err.Error()
			}
			if _, err := registry.Default.DecodeAs(s.ID, raw); err != nil {
				shown["decode as "+s.ID] = err.Error()
			}
		}
		for what, text := range shown {
			if !strings.Contains(text, "CANARY-") {
				continue
			}
			for m, where := range c.planted {
				if strings.Contains(text, m) {
					res.leaks = append(res.leaks, fmt.Sprintf("%s %s: %s planted at %s, shown by %s", p.id, p.name, m, where, what))
				}
			}
		}
	}
	slices.Sort(res.leaks)
	return res
}

// TestCanary: no planted secret shows, in any payload of any registered
// source.
func TestCanary(t *testing.T) {
	res := runCanary(t, func(v any) string { return printer.Sprint(v) })
	t.Logf("canary: %d payloads, %d markers planted %v, %d leaks", res.payloads, res.planted, res.byKind, len(res.leaks))
	require.NotZero(t, res.payloads)
	for _, l := range res.leaks {
		t.Errorf("leak: %s", l)
	}
}

// TestCanaryFindsLeaks tests the canary: with the default masks off, it
// must find leaks.
func TestCanaryFindsLeaks(t *testing.T) {
	res := runCanary(t, func(v any) string { return printer.Sprint(v, printer.WithoutDefaultMasks()) })
	t.Logf("canary without default masks: %d payloads, %d markers planted, %d leaks", res.payloads, res.planted, len(res.leaks))
	assert.NotEmpty(t, res.leaks, "the canary found no leak with the default masks off")
}

// TestCanaryFindsLeaksWithoutPaths tests the canary: printing the events
// as plain JSON values, without their SensitivePaths and Redacted methods
// (the default masks still on), must leak authorizer values and query
// credentials, in the maps and in rawQueryString.
func TestCanaryFindsLeaksWithoutPaths(t *testing.T) {
	res := runCanary(t, func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var plain any
		require.NoError(t, json.Unmarshal(b, &plain))
		return printer.Sprint(plain)
	})
	t.Logf("canary without sensitive paths: %d payloads, %d markers planted, %d leaks", res.payloads, res.planted, len(res.leaks))
	for _, where := range []string{"requestContext.authorizer.", "queryStringParameters.code", "multiValueQueryStringParameters.code", "rawQueryString code"} {
		assert.True(t, slices.ContainsFunc(res.leaks, func(l string) bool { return strings.Contains(l, " planted at "+where) }),
			"no leak found at %s without the sources' sensitive paths", where)
	}
}
