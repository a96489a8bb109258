package sourcetest

import "reflect"

// StructTypes returns every struct type reachable from the roots through
// fields (exported or not, embedded or not), pointers, slices, arrays and
// map values, each once, in the order a depth-first walk meets them.
func StructTypes(roots ...reflect.Type) []reflect.Type {
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		for i := range t.NumField() {
			walk(t.Field(i).Type)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return out
}
