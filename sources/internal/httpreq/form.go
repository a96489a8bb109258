package httpreq

import (
	"fmt"
	"mime"
	"net/url"

	"github.com/evplugin/evplugin/sources/internal/body"
)

// formType is the media type of an HTML form's body.
const formType = "application/x-www-form-urlencoded"

// Form parses a request body (base64 text when isBase64 is set) as an HTML
// form, as url.ParseQuery does ("+" is a space). contentType is the
// request's Content-Type header, if it has one (ok): another media type is
// an error, so that a JSON body is not read as a form by mistake; a body
// without a Content-Type is parsed. An empty body is absent ([body.Absent]). A
// pair that does not unescape is left out, and the error names the first
// such, as url.ParseQuery does.
func Form(contentType string, ok bool, s string, isBase64 bool) (url.Values, error) {
	if ok {
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil || mt != formType {
			return nil, fmt.Errorf("body: Content-Type %q is not %s", contentType, formType)
		}
	}
	b, err := body.Decode(s, isBase64)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, body.Absent("body")
	}
	return url.ParseQuery(string(b))
}
