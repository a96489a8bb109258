// Package samples holds a realistic event for every built-in source,
// embedded in the binary: one JSON file a source ID (aws.sqs.json), with the
// placeholder account 123456789012 and the region us-east-1. They are what
// `evplugin sample ID` prints, and test input for handlers:
//
//	raw, _ := samples.Get("aws.s3")
//	raw, err := samples.Set(raw, "Records[0].s3.bucket.name", "my-bucket")
//
// The tests of sources/all hold every registered built-in source to having
// a sample that is detected as its source, decodes, round-trips and prints
// without a secret; a source added without a sample fails them. Plugins'
// sources have no samples here.
package samples

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
)

//go:embed *.json
var files embed.FS

// IDs returns the source IDs that have a sample, sorted.
func IDs() []string {
	names, _ := fs.Glob(files, "*.json") // the pattern is valid
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(n, ".json")
	}
	slices.Sort(ids)
	return ids
}

// Get returns a copy of the sample event of the source id, or false when it
// has none.
func Get(id string) ([]byte, bool) {
	if id == "" || strings.ContainsAny(id, `/\`) {
		return nil, false
	}
	b, err := files.ReadFile(id + ".json")
	return b, err == nil
}

// Set returns a copy of the JSON document event with the member at path set
// to value, the rest byte for byte. The path is in the registry's rule
// syntax (`Records[0].s3.bucket.name`, `detail["detail-type"]`, `[0].info`).
// A member that does not exist is added when its parent exists: a new member
// at the end of an object, or the element just past the end of an array.
// A json.RawMessage value is set as it is (it must be valid JSON); any other
// value as encoding/json marshals it, without escaping HTML.
//
// Set knows nothing of sources: the result may no longer be detected as the
// event's source, or decode (`evplugin sample` checks both).
func Set(event []byte, path string, value any) ([]byte, error) {
	steps, err := jsonscan.ParsePath(path)
	if err != nil {
		return nil, fmt.Errorf("samples: %w", err)
	}
	if !json.Valid(event) {
		return nil, fmt.Errorf("samples: the event is not valid JSON")
	}
	val, err := marshal(value)
	if err != nil {
		return nil, fmt.Errorf("samples: path %q: %w", path, err)
	}
	at, err := locate(event, steps)
	if err != nil {
		return nil, fmt.Errorf("samples: path %q: %w", path, err)
	}
	out := make([]byte, 0, len(event)+len(val)+len(path)+4)
	out = append(out, event[:at.start]...)
	if !at.found {
		if !at.empty {
			out = append(out, ',')
		}
		if last := steps[len(steps)-1]; last.Index < 0 {
			key, _ := json.Marshal(last.Key) // a string always marshals
			out = append(append(out, key...), ':')
		}
	}
	out = append(out, val...)
	return append(out, event[at.end:]...), nil
}

// Value returns the JSON text of the member at path in event, or false
// when there is none; an error is an invalid path or event.
func Value(event []byte, path string) (json.RawMessage, bool, error) {
	steps, err := jsonscan.ParsePath(path)
	if err != nil {
		return nil, false, fmt.Errorf("samples: %w", err)
	}
	if !json.Valid(event) {
		return nil, false, fmt.Errorf("samples: the event is not valid JSON")
	}
	at, err := locate(event, steps)
	if err != nil || !at.found {
		return nil, false, nil // a missing parent is no member either
	}
	return json.RawMessage(event[at.start:at.end]), true, nil
}

// marshal returns value as JSON text.
func marshal(value any) ([]byte, error) {
	if raw, ok := value.(json.RawMessage); ok {
		if !json.Valid(raw) {
			return nil, fmt.Errorf("the value is not valid JSON: %.40q", raw)
		}
		return raw, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(value); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// spot is where Set writes: the bytes [start, end) of the value found, or,
// when not found, the offset (start = end) of the closing bracket of the
// parent the new member goes into.
type spot struct {
	start, end int
	found      bool
	empty      bool // not found, and the parent has no members
}

// locate finds the value at steps in doc in one pass, reading nothing
// past it.
func locate(doc []byte, steps []jsonscan.Step) (spot, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	for i, st := range steps {
		where := describe(steps[:i])
		tok, err := dec.Token()
		if err != nil {
			return spot{}, fmt.Errorf("the event is not valid JSON: %w", err)
		}
		want, kind := json.Delim('{'), "an object"
		if st.Index >= 0 {
			want, kind = '[', "an array"
		}
		if tok != want {
			return spot{}, fmt.Errorf("%s is not %s", where, kind)
		}
		n, found := 0, false
		for !found && dec.More() {
			if st.Index < 0 {
				key, err := dec.Token()
				if err != nil {
					return spot{}, fmt.Errorf("the event is not valid JSON: %w", err)
				}
				if found = key == st.Key; found {
					break
				}
			} else if found = n == st.Index; found {
				break
			}
			if err := dec.Decode(new(json.RawMessage)); err != nil {
				return spot{}, fmt.Errorf("the event is not valid JSON: %w", err)
			}
			n++
		}
		if found {
			continue
		}
		missing := describe(steps[:i+1])
		switch {
		case i < len(steps)-1:
			return spot{}, fmt.Errorf("%s does not exist (only the last step of a path may be added)", missing)
		case st.Index > n:
			plural := "s"
			if n == 1 {
				plural = ""
			}
			return spot{}, fmt.Errorf("%s has %d element%s: only [%d] can be added", where, n, plural, n)
		}
		if _, err := dec.Token(); err != nil { // the closing bracket
			return spot{}, fmt.Errorf("the event is not valid JSON: %w", err)
		}
		at := int(dec.InputOffset()) - 1
		return spot{start: at, end: at, empty: n == 0}, nil
	}
	start := int(dec.InputOffset())
	for start < len(doc) && strings.IndexByte(" \t\r\n:,", doc[start]) >= 0 {
		start++
	}
	if err := dec.Decode(new(json.RawMessage)); err != nil {
		return spot{}, fmt.Errorf("the event is not valid JSON: %w", err)
	}
	return spot{start: start, end: int(dec.InputOffset()), found: true}, nil
}

// describe writes steps as a path, or "the event" for none.
func describe(steps []jsonscan.Step) string {
	if len(steps) == 0 {
		return "the event"
	}
	var b strings.Builder
	for i, st := range steps {
		switch {
		case st.Index >= 0:
			b.WriteString("[" + strconv.Itoa(st.Index) + "]")
		case st.Key == "" || strings.ContainsAny(st.Key, `.[]"`):
			q, _ := json.Marshal(st.Key)
			b.WriteString("[" + string(q) + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.Key)
		}
	}
	return b.String()
}
