package printer

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
)

// maskJSONText returns text, when it is a JSON object, with every scalar at
// or below a member whose name secret reports as a secret's replaced by
// mask as a JSON string, and every other byte as it was: the raw body of a
// message holding an SNS envelope prints its Signature masked. A string
// inside it holding a JSON object (the message of that envelope) is masked
// in turn and written back as a JSON string. ok is false when text is not a
// JSON object or holds nothing to mask.
func maskJSONText(text string, secret func(name string) bool, mask string) (string, bool) {
	if !strings.HasPrefix(strings.TrimLeft(text, " \t\r\n"), "{") || !json.Valid([]byte(text)) {
		return text, false
	}
	type frame struct {
		object, expectKey, secret bool
	}
	var (
		stack   []frame
		pending bool // the next value is a secret member's
		spans   []span
	)
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	for {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return text, false
		}
		end := int(dec.InputOffset())
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if top != nil && top.object && top.expectKey {
			if name, ok := tok.(string); ok {
				pending = top.secret || secret(name)
				top.expectKey = false
				continue
			}
		}
		inherited := false
		if top != nil {
			inherited = top.secret
			if top.object {
				inherited = pending
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, frame{object: tok == json.Delim('{'), expectKey: true, secret: inherited})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			for start < end && strings.IndexByte(" \t\r\n:,", text[start]) >= 0 {
				start++
			}
			if inherited {
				spans = append(spans, span{start, end, quoteJSON(mask)})
			} else if s, ok := tok.(string); ok {
				if r, ok := maskJSONText(s, secret, mask); ok {
					spans = append(spans, span{start, end, quoteJSON(r)})
				} else if r, ok := maskURLQuery(s, secret, mask); ok {
					spans = append(spans, span{start, end, quoteJSON(r)})
				}
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].expectKey = true
		}
	}
	if len(spans) == 0 {
		return text, false
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s.start])
		b.WriteString(s.by)
		last = s.end
	}
	b.WriteString(text[last:])
	return b.String(), true
}

// span is text[start:end] to be replaced by by.
type span struct {
	start, end int
	by         string
}

// quoteJSON returns s as a JSON string, escaping no more than JSON needs.
func quoteJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// maskURLQuery returns text, when it is an http or https URL with a query,
// with the value of every query parameter whose name (unescaped) secret
// reports as a secret's replaced by mask, names, order and every other
// byte kept: an SNS SubscribeURL prints "...&Token=[SENSITIVE]". ok is
// false when there was nothing to mask.
func maskURLQuery(text string, secret func(name string) bool, mask string) (string, bool) {
	if !strings.HasPrefix(text, "https://") && !strings.HasPrefix(text, "http://") {
		return text, false
	}
	base, query, found := strings.Cut(text, "?")
	if !found || strings.Contains(base, "#") {
		return text, false
	}
	query, fragment, hasFragment := strings.Cut(query, "#")
	query, ok := RedactQuery(query, secret, mask)
	if !ok {
		return text, false
	}
	out := base + "?" + query
	if hasFragment {
		out += "#" + fragment
	}
	return out, true
}

// RedactQuery returns query, a URL's raw query string, with the value of
// every parameter whose name (unescaped) secret reports as a secret's
// replaced by mask, keeping names, order and the other pairs byte for byte:
// "code=abc&x=1" gives "code=[SENSITIVE]&x=1". ok is false when there was
// nothing to replace.
func RedactQuery(query string, secret func(name string) bool, mask string) (string, bool) {
	pairs := strings.Split(query, "&")
	ok := false
	for i, pair := range pairs {
		k, _, hasValue := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if hasValue && secret(name) {
			pairs[i] = k + "=" + mask
			ok = true
		}
	}
	if !ok {
		return query, false
	}
	return strings.Join(pairs, "&"), true
}
