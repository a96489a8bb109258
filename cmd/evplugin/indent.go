package main

// maxIndent is the depth beyond which decode prints values compactly: the
// indentation of a line grows with its depth, so indenting every level of
// deeply nested input would write output growing with the square of the
// input's size.
const maxIndent = 64

// indent indents src, compact JSON as json.Marshal writes it, as json.Indent
// does with an empty prefix, down to a depth of limit; containers deeper than
// that print compactly on one line. The output is at most about
// 2*limit*len(indentUnit)+2 times the input.
func indent(src []byte, indentUnit string, limit int) []byte {
	dst := make([]byte, 0, len(src)+len(src)/2)
	depth := 0
	newline := func(d int) {
		dst = append(dst, '\n')
		for range d {
			dst = append(dst, indentUnit...)
		}
	}
	for i := 0; i < len(src); i++ {
		b := src[i]
		switch b {
		case '"':
			// Copy the string through its closing quote.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:min(j+1, len(src))]...)
			i = j
		case '{', '[':
			dst = append(dst, b)
			depth++
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				// An empty container stays "{}" or "[]".
				dst = append(dst, src[i+1])
				depth--
				i++
				continue
			}
			if depth <= limit {
				newline(depth)
			}
		case '}', ']':
			if depth <= limit {
				newline(depth - 1)
			}
			depth--
			dst = append(dst, b)
		case ',':
			dst = append(dst, b)
			if depth <= limit {
				newline(depth)
			}
		case ':':
			dst = append(dst, b)
			if depth <= limit {
				dst = append(dst, ' ')
			}
		case ' ', '\t', '\n', '\r':
			// Whitespace outside strings is dropped and rewritten.
		default:
			dst = append(dst, b)
		}
	}
	return dst
}
