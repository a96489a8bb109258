package printer_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinkerKeepsDeadMethodElimination builds a program that prints a value
// with derived values and checks that reflect.Value.Method and MethodByName,
// whose presence anywhere in a binary makes the linker keep every exported
// method of every type, are not linked in.
func TestLinkerKeepsDeadMethodElimination(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "lean")
	out, err := exec.Command("go", "build", "-o", bin, "./testdata/lean").CombinedOutput()
	require.NoError(t, err, "%s", out)

	run, err := exec.Command(bin).Output()
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"body\": \"x\",\n  \"Len()\": 1\n}\n", string(run))

	syms, err := exec.Command("go", "tool", "nm", bin).Output()
	require.NoError(t, err)
	linked := map[string]bool{}
	for _, line := range strings.Split(string(syms), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			linked[f[len(f)-1]] = true
		}
	}
	require.True(t, linked["main.main"], "go tool nm lists the program's symbols")
	for _, name := range []string{"reflect.Value.Method", "reflect.Value.MethodByName", "reflect.(*rtype).Method", "reflect.(*rtype).MethodByName"} {
		assert.False(t, linked[name], "%s is linked", name)
	}
}
