package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/evplugin/evplugin/plugins"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
)

// ID is the source this plugin provides.
const ID = "github.webhook"

// Results of the signature check.
const (
	SignatureValid      = "valid"      // X-Hub-Signature-256 is the HMAC of the body under the secret
	SignatureInvalid    = "invalid"    // it is not, or it is missing
	SignatureUnverified = "unverified" // no secret is configured
)

//go:embed sample.json
var sample []byte

// NewSource returns the github.webhook source; secret, if not empty, is the
// webhook's secret, to verify signatures with.
func NewSource(secret string) plugins.Source {
	return plugins.Source{
		ID:    ID,
		Title: "GitHub webhook delivery through API Gateway or a function URL",
		// REST APIs keep the header's case; HTTP APIs and function URLs lower
		// case header names.
		Rule: registry.All(registry.PathExists("requestContext")).AndAny(
			registry.PathExists("headers.X-GitHub-Event"),
			registry.PathExists("headers.x-github-event"),
		),
		Priority:       sources.PriorityPlugin,
		SensitivePaths: sensitivePaths(),
		Samples:        []json.RawMessage{sample},
		Decode:         func(raw []byte) (json.RawMessage, error) { return decode(raw, secret) },
	}
}

// SensitiveHeaders are the headers whose values are never printed, in
// headers and multiValueHeaders. The host matches header names whatever
// their case, and masks credential headers and token-like members by
// default; listing them here keeps them masked with any host.
var SensitiveHeaders = []string{
	"X-Hub-Signature-256", "X-Hub-Signature",
	"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
	"X-Api-Key", "X-Amz-Security-Token", "X-Auth-Token", "X-CSRF-Token",
}

func sensitivePaths() []string {
	var out []string
	for _, h := range SensitiveHeaders {
		out = append(out, "headers."+h, "multiValueHeaders."+h)
	}
	return out
}

// request is what the three HTTP event shapes have in common. The event
// and the payload are read with go-json-experiment/json (encoding/json/v2),
// which validates as it goes, in one pass, and skips the members a struct
// does not name (encoding/json validates first, then decodes: twice the
// time, see BenchmarkDecode), and the headers the plugin does not read
// are not decoded at all. Member names match exactly, as AWS spells them.
type request struct {
	Headers           headers        `json:"headers"`
	MultiValueHeaders headers        `json:"multiValueHeaders"`
	Body              *string        `json:"body"`
	IsBase64Encoded   bool           `json:"isBase64Encoded"`
	GitHub            jsontext.Value `json:"github"` // must be absent
}

func decodeRequest(raw []byte, req *request) error { return jsonv2.Unmarshal(raw, req) }

// header returns the value of a header the plugin reads (one of
// readHeaders), whatever the case of its name.
func (r *request) header(name string) string {
	i := slices.Index(readHeaders, name)
	if v := r.Headers[i]; v != "" {
		return v
	}
	return r.MultiValueHeaders[i]
}

// readHeaders are the headers the plugin reads.
var readHeaders = []string{"X-GitHub-Event", "X-GitHub-Delivery", "X-GitHub-Hook-ID", "X-Hub-Signature-256", "Content-Type"}

// headers holds the values of readHeaders, in their order, found in headers
// (a string each) or multiValueHeaders (the first of a list of strings),
// names matched whatever their case. The other headers are skipped without
// being decoded.
type headers [5]string

func (h *headers) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() == 'n' {
		return err
	}
	if tok.Kind() != '{' {
		return fmt.Errorf("headers: a JSON %v, not an object", tok.Kind())
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // before the decoder moves on
		i := slices.IndexFunc(readHeaders, func(h string) bool { return strings.EqualFold(h, name) })
		if i < 0 {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		var vs []string
		if v.Kind() == '[' {
			err = jsonv2.Unmarshal(v, &vs)
		} else {
			vs = []string{""}
			err = jsonv2.Unmarshal(v, &vs[0])
		}
		if len(vs) > 0 && h[i] == "" { // the first one counts
			h[i] = vs[0]
		}
		if err != nil {
			return fmt.Errorf("header %s: %w", name, err)
		}
	}
	_, err = dec.ReadToken() // '}', or the error
	return err
}

// Delivery is what the plugin adds to the event, under "github".
type Delivery struct {
	Event        string          `json:"event"`
	Delivery     string          `json:"delivery,omitempty"`
	HookID       string          `json:"hook_id,omitempty"`
	Action       string          `json:"action,omitempty"`
	Repository   *Repository     `json:"repository,omitempty"`
	Sender       *Sender         `json:"sender,omitempty"`
	Verification string          `json:"verification"` // SignatureValid, SignatureInvalid or SignatureUnverified
	Payload      json.RawMessage `json:"payload,omitempty"`
}

// Repository is the repository a delivery is about.
type Repository struct {
	ID       json.Number `json:"id,omitempty"`
	Name     string      `json:"name,omitempty"`
	FullName string      `json:"full_name,omitempty"`
	Owner    string      `json:"owner,omitempty"`
	Private  *bool       `json:"private,omitempty"`
	HTMLURL  string      `json:"html_url,omitempty"`
}

// Sender is the account that triggered a delivery.
type Sender struct {
	Login string      `json:"login"`
	ID    json.Number `json:"id,omitempty"`
	Type  string      `json:"type,omitempty"`
}

// payload is the part of every webhook payload the plugin reads.
type payload struct {
	Action     string `json:"action"`
	Repository *struct {
		ID       number `json:"id"`
		Name     string `json:"name"`
		FullName string `json:"full_name"`
		Owner    *struct {
			Login string `json:"login"`
		} `json:"owner"`
		Private *bool  `json:"private"`
		HTMLURL string `json:"html_url"`
	} `json:"repository"`
	Sender *struct {
		Login string `json:"login"`
		ID    number `json:"id"`
		Type  string `json:"type"`
	} `json:"sender"`
}

// number is a JSON number, or a string holding one, kept as its digits.
type number json.Number

func (n *number) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	switch v.Kind() {
	case 'n':
		*n = ""
		return nil
	case '0':
		*n = number(v)
		return nil
	case '"':
		var s string
		if err := jsonv2.Unmarshal(v, &s); err != nil {
			return err
		}
		if v := jsontext.Value(s); !v.IsValid() || v.Kind() != '0' || strings.ContainsAny(s, " \t\r\n") {
			return fmt.Errorf("%s is not a number", v)
		}
		*n = number(s)
		return nil
	}
	return fmt.Errorf("%s is not a number", v)
}

// decode returns the event as received with a "github" member added.
func decode(raw []byte, secret string) (json.RawMessage, error) {
	var req request
	if err := decodeRequest(raw, &req); err != nil {
		return nil, err
	}
	if req.GitHub != nil {
		return nil, errors.New(`the event has a member "github" already`)
	}
	d, err := parse(&req, secret)
	if err != nil {
		return nil, err
	}
	// Encode the delivery without its payload, which is valid JSON
	// already, then splice the payload in.
	payload := d.Payload
	d.Payload = nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	gh := bytes.TrimSuffix(bytes.TrimSpace(buf.Bytes()), []byte("}"))

	// Keep the event byte for byte and add the member before its '}'.
	ev := bytes.TrimRight(raw, " \t\r\n")
	ev = ev[:len(ev)-1]
	sep := ","
	if len(bytes.TrimSpace(ev)) == 1 { // "{" alone: no members
		sep = ""
	}
	doc := make([]byte, 0, len(ev)+len(gh)+len(payload)+24)
	doc = append(doc, ev...)
	doc = append(doc, sep+`"github":`...)
	doc = append(doc, gh...)
	doc = append(doc, `,"payload":`...)
	doc = append(doc, payload...)
	return append(doc, "}}"...), nil
}

func parse(req *request, secret string) (*Delivery, error) {
	d := &Delivery{
		Event:    req.header("X-GitHub-Event"),
		Delivery: req.header("X-GitHub-Delivery"),
		HookID:   req.header("X-GitHub-Hook-ID"),
	}
	if d.Event == "" {
		return nil, errors.New("no X-GitHub-Event header")
	}
	if req.Body == nil {
		return nil, errors.New("no body")
	}
	body := []byte(*req.Body)
	if req.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(*req.Body)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		body = b
	}
	d.Verification = verify(body, req.header("X-Hub-Signature-256"), secret)

	// GitHub sends application/json, or the payload as the form field
	// "payload" (application/x-www-form-urlencoded).
	js := body
	if mt, _, _ := mime.ParseMediaType(req.header("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("form body: %w", err)
		}
		js = []byte(form.Get("payload"))
	}
	var p payload
	if err := jsonv2.Unmarshal(js, &p); err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	d.Payload = json.RawMessage(js)
	d.Action = p.Action
	if s := p.Sender; s != nil {
		d.Sender = &Sender{Login: s.Login, ID: json.Number(s.ID), Type: s.Type}
	}
	if r := p.Repository; r != nil {
		d.Repository = &Repository{ID: json.Number(r.ID), Name: r.Name, FullName: r.FullName, Private: r.Private, HTMLURL: r.HTMLURL}
		if r.Owner != nil {
			d.Repository.Owner = r.Owner.Login
		}
	}
	return d, nil
}

// verify checks a X-Hub-Signature-256 value ("sha256=<hex>") against the
// HMAC-SHA256 of body under secret.
func verify(body []byte, header, secret string) string {
	if secret == "" {
		return SignatureUnverified
	}
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return SignatureInvalid
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return SignatureInvalid
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return SignatureInvalid
	}
	return SignatureValid
}
