package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evplugin/evplugin/registry"
)

func TestRuleConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  registry.Rule
		want registry.Rule
	}{
		{"all", registry.All(registry.PathEquals("a", "1"), registry.PathExists("b"), registry.PathAbsent("c")),
			registry.Rule{All: []registry.Cond{
				{Path: "a", Op: registry.Equals, Value: "1"}, {Path: "b", Op: registry.Exists}, {Path: "c", Op: registry.Absent},
			}}},
		{"any", registry.Any(registry.PathPrefix("a", "x"), registry.PathContains("b", "y")),
			registry.Rule{Any: []registry.Cond{
				{Path: "a", Op: registry.Prefix, Value: "x"}, {Path: "b", Op: registry.Contains, Value: "y"},
			}}},
		{"and", registry.All(registry.PathExists("a")).And(registry.PathExists("b")),
			registry.Rule{All: []registry.Cond{{Path: "a", Op: registry.Exists}, {Path: "b", Op: registry.Exists}}}},
		{"and any", registry.All(registry.PathExists("a")).AndAny(registry.PathExists("b"), registry.PathExists("c")),
			registry.Rule{All: []registry.Cond{{Path: "a", Op: registry.Exists}},
				Any: []registry.Cond{{Path: "b", Op: registry.Exists}, {Path: "c", Op: registry.Exists}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got)
			assert.NoError(t, tt.got.Validate())
		})
	}
}

// TestRuleAndCopies: extending a shared rule never writes into the rule it
// extends, even when its slice has spare capacity.
func TestRuleAndCopies(t *testing.T) {
	base := registry.Rule{All: make([]registry.Cond, 1, 4), Any: make([]registry.Cond, 1, 4)}
	base.All[0] = registry.PathExists("a")
	base.Any[0] = registry.PathExists("x")
	one := base.And(registry.PathExists("b")).AndAny(registry.PathExists("y"))
	two := base.And(registry.PathExists("c")).AndAny(registry.PathExists("z"))
	assert.Equal(t, "a exists && b exists && (x exists || y exists)", one.String())
	assert.Equal(t, "a exists && c exists && (x exists || z exists)", two.String())
	assert.Len(t, base.All, 1)
	assert.Len(t, base.Any, 1)
}
