package registry

import (
	"reflect"
	"strings"

	"github.com/evplugin/evplugin/internal/jsonscan"
	"github.com/evplugin/evplugin/lossless"
)

// Explain and the errors quote values found at rule paths. Besides the
// values at paths named like secrets (printer.SensitiveName), they mask
// those at the fields a registered type tags sensitive:"true" (a Cognito
// challenge answer, a CloudFormation ResponseURL), whichever source's rule
// reads them: the event being explained may be of any registered type.

// secretPaths returns, computed once per snapshot, the paths of the fields
// the registered types tag sensitive, with "*" for any array element or
// map member.
func (snap *snapshot) secretPaths() [][]string {
	snap.secretsOnce.Do(func() {
		seen := map[reflect.Type]bool{}
		for i := range snap.sources {
			if s := &snap.sources[i]; s.New != nil {
				t := reflect.TypeOf(s.New())
				if t != nil && !seen[t] {
					seen[t] = true
					taggedPaths(t, nil, map[reflect.Type]bool{}, func(p []string) { snap.secrets = append(snap.secrets, p) })
				}
			}
		}
	})
	return snap.secrets
}

var extraType = reflect.TypeFor[lossless.Extra]()

// taggedPaths calls add with the path of each field tagged sensitive:"true"
// in t, at prefix, not descending into a type already on the way (a
// recursive type) or past 32 levels.
func taggedPaths(t reflect.Type, prefix []string, onWay map[reflect.Type]bool, add func([]string)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		if t.Kind() != reflect.Pointer {
			prefix = append(prefix[:len(prefix):len(prefix)], "*")
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || onWay[t] || len(prefix) > 32 {
		return
	}
	onWay[t] = true
	defer delete(onWay, t)
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == extraType {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case f.Anonymous && name == "":
			taggedPaths(f.Type, prefix, onWay, add)
			continue
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		p := append(prefix[:len(prefix):len(prefix)], name)
		if f.Tag.Get("sensitive") == "true" {
			add(p)
			continue
		}
		taggedPaths(f.Type, p, onWay, add)
	}
}

// tagged reports whether a value at steps lies at or below a path of
// secrets.
func tagged(steps []jsonscan.Step, secrets [][]string) bool {
outer:
	for _, p := range secrets {
		if len(p) > len(steps) {
			continue
		}
		for i, seg := range p {
			if st := steps[i]; seg != "*" && (st.Index >= 0 || st.Key != seg) {
				continue outer
			}
		}
		return true
	}
	return false
}
