package jsonscan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ParsePath splits a rule path (`Records[0].eventSource`, `detail["a.b"]`)
// into steps.
func ParsePath(p string) ([]Step, error) {
	bad := func(why string) error { return fmt.Errorf("registry: path %q: %s", p, why) }
	if p == "" {
		return nil, bad("empty")
	}
	var segs []Step
	for i := 0; i < len(p); {
		switch p[i] {
		case '.':
			if i == 0 || i == len(p)-1 || p[i+1] == '.' || p[i+1] == '[' {
				return nil, bad("misplaced '.'")
			}
			i++
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if i+1 < len(p) && p[i+1] == '"' {
				// A quoted member name: find the closing quote, then ']'.
				q := i + 2
				for q < len(p) && p[q] != '"' {
					if p[q] == '\\' {
						q++
					}
					q++
				}
				if q+1 >= len(p) || p[q+1] != ']' {
					return nil, bad("unterminated quoted name")
				}
				var key string
				if err := json.Unmarshal([]byte(p[i+1:q+1]), &key); err != nil {
					return nil, bad("invalid quoted name")
				}
				segs = append(segs, Step{Key: key, Index: -1})
				i = q + 2
				continue
			}
			if end < 0 {
				return nil, bad("unterminated '['")
			}
			n, err := strconv.Atoi(p[i+1 : i+end])
			if err != nil || n < 0 || p[i+1] == '+' {
				return nil, bad("index must be a non-negative integer")
			}
			segs = append(segs, Step{Index: n})
			i += end + 1
		case ']':
			return nil, bad("unexpected ']'")
		default:
			if i > 0 && p[i-1] != '.' {
				return nil, bad("missing '.' before member name")
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' && p[j] != ']' {
				j++
			}
			segs = append(segs, Step{Key: p[i:j], Index: -1})
			i = j
		}
	}
	return segs, nil
}
