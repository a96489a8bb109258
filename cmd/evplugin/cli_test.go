package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 7: help on every command, exit 0, on standard output.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in the help text
	}{
		{[]string{"help"}, "Available Commands:"},
		{[]string{"--help"}, "Available Commands:"},
		{[]string{"-h"}, "Available Commands:"},
		{[]string{"help", "detect"}, "evplugin detect [flags] [FILE...]"},
		{[]string{"detect", "--help"}, "--explain"},
		{[]string{"detect", "-h"}, "--explain"},
		{[]string{"help", "decode"}, "--force"},
		{[]string{"decode", "-h"}, "--source ID"},
		{[]string{"help", "print"}, "evplugin print [flags] [FILE|-]"},
		{[]string{"print", "--help"}, "--force"},
		{[]string{"help", "sources"}, "--json"},
		{[]string{"sources", "-h"}, "--json"},
		{[]string{"help", "version"}, "evplugin version"},
		{[]string{"version", "-h"}, "evplugin version"},
		{[]string{"help", "completion"}, "bash"},
		{[]string{"completion", "--help"}, "bash"},
		{[]string{"help", "help"}, "evplugin help [command]"},
		{[]string{"--plugin", "/does/not/matter", "decode", "-h"}, "--plugin PATH"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := invoke(t, "", tc.args...)
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, tc.want)
			assert.Empty(t, r.stderr)
		})
	}
}

// Issue 7: --plugin, a global flag, goes before or after the command.
func TestGlobalFlagAnywhere(t *testing.T) {
	f := webhookEvents(t)[0]
	for _, args := range [][]string{
		{"--plugin", webhookPlugin, "detect", f},
		{"--plugin=" + webhookPlugin, "detect", f},
		{"detect", "--plugin", webhookPlugin, f},
		{"detect", f, "--plugin", webhookPlugin},
		{"detect", f, "--plugin=" + webhookPlugin},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := invoke(t, "", args...)
			assert.Equal(t, result{0, "github.webhook\n", ""}, r)
		})
	}
}

// Issue 7: usage errors exit 2 with the command's usage line on stderr.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: evplugin COMMAND"},
		{[]string{"--plugin", "/does/not/matter"}, "evplugin: a command is required\n"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"decode", "--force", sqsFile}, "--force needs --source"},
		{[]string{"detect", "--plugin"}, "usage: evplugin detect [flags] [FILE...]"},
		{[]string{"print", "--nope", sqsFile}, "Run 'evplugin help print' for details."},
		{[]string{"version", "extra"}, "usage: evplugin version"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := invoke(t, "", tc.args...)
			assert.Equal(t, 2, r.code)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, tc.want)
		})
	}
}

func TestVersion(t *testing.T) {
	r := invoke(t, "", "version")
	require.Equal(t, 0, r.code, r.stderr)
	v := moduleVersion()
	assert.NotEmpty(t, v, "(devel) when unknown")
	assert.Equal(t, "evplugin "+v+"\n", r.stdout)
}

// Issue 7: shell completion, cobra's, including the IDs --source takes.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"completion", "bash"}, "__start_evplugin"},
		{[]string{"completion", "zsh"}, "#compdef evplugin"},
		{[]string{"completion", "fish"}, "complete -c evplugin"},
		{[]string{"completion", "powershell"}, "Register-ArgumentCompleter"},
		{[]string{"__complete", "dec"}, "decode\t"},
		{[]string{"__complete", "print", "--source", "aws.s"}, "aws.sqs\t"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := invoke(t, "", tc.args...)
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, tc.want)
		})
	}
}

// Issue 7: a plugin named by the flag and by EVPLUGIN_PLUGINS, or twice in
// any spelling, loads once (loading it twice fails: its ID is taken).
func TestPluginLoadsOnce(t *testing.T) {
	dir, name := filepath.Split(webhookPlugin)
	wd, err := os.Getwd()
	require.NoError(t, err)
	rel, err := filepath.Rel(wd, webhookPlugin)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		flags []string
		env   string
	}{
		{"flag and env", []string{webhookPlugin}, webhookPlugin},
		{"flag and env directory", []string{webhookPlugin}, dir},
		{"flag twice", []string{webhookPlugin, webhookPlugin}, ""},
		{"directory and file", []string{dir, webhookPlugin}, ""},
		{"unclean spelling", []string{filepath.Join(dir, ".", "x", "..", name)}, webhookPlugin},
		{"relative and absolute", []string{rel}, webhookPlugin + string(os.PathListSeparator) + dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("EVPLUGIN_PLUGINS", tc.env)
			args := []string{"sources", "--json"}
			for _, f := range tc.flags {
				args = append(args, "--plugin", f)
			}
			r := invoke(t, "", args...)
			require.Equal(t, 0, r.code, r.stderr)
			var list []map[string]any
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
			n := 0
			for _, s := range list {
				if s["id"] == "github.webhook" {
					n++
				}
			}
			assert.Equal(t, 1, n)
		})
	}
}

// Issue 7: an input that cannot be read exits 6, naming it, on one line.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	locked := tempFile(t, "locked.json", `{}`)
	require.NoError(t, os.Chmod(locked, 0))
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "missing.json"), "no such file or directory"},
		{"directory", dir, "is a directory"},
		{"no permission", locked, "permission denied"},
	} {
		for _, cmd := range []string{"detect", "decode", "print"} {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				if tc.name == "no permission" && os.Geteuid() == 0 {
					t.Skip("root reads any file")
				}
				r := invoke(t, "", cmd, tc.path)
				assert.Equal(t, 6, r.code)
				assert.Empty(t, r.stdout)
				assert.Equal(t, "evplugin: "+tc.path+": "+tc.want+"\n", r.stderr)
			})
		}
	}
	t.Run("detect of several", func(t *testing.T) {
		missing := filepath.Join(dir, "missing.json")
		r := invoke(t, "", "detect", sqsFile, missing)
		assert.Equal(t, 6, r.code)
		assert.Equal(t, sqsFile+"\taws.sqs\n"+missing+"\tunreadable\n", r.stdout)
	})
}

// Issue 7: invalid JSON names the line and the column as well as the offset.
func TestSyntaxErrorPosition(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"first byte", "not json", "-:1:1: invalid JSON at offset 0: "},
		{"end of input", `{"Records":[`, "-:1:13: invalid JSON at offset 12: "},
		{"second line", "{\n  \"a\": tru\n}", "-:2:8: invalid JSON at offset 9: "},
		{"third line", "{\n\"a\": 1,\n\"b\" 2}", "-:3:5: invalid JSON at offset 14: "},
		{"CRLF", "{\r\n\"a\":: 1}", "-:2:5: invalid JSON at offset 7: "},
		{"after a byte-order mark", "\xEF\xBB\xBF{\n\"a\" 1}", "-:2:5: invalid JSON at offset 9: "},
		{"multi-byte characters count as bytes", "{\"é\": x}", "-:1:8: invalid JSON at offset 7: "},
	} {
		for _, cmd := range [][]string{{"detect"}, {"detect", "--explain"}, {"decode"}, {"print"}, {"print", "--source", "aws.sqs"}} {
			t.Run(tc.name+"/"+strings.Join(cmd, " "), func(t *testing.T) {
				r := invoke(t, tc.in, cmd...)
				assert.Equal(t, 4, r.code)
				assert.True(t, strings.HasPrefix(r.stderr, "evplugin: "+tc.want), r.stderr)
				assert.Equal(t, 1, strings.Count(r.stderr, "\n"))
			})
		}
	}
	t.Run("file name", func(t *testing.T) {
		f := tempFile(t, "bad.json", "[1,\n2,,3]")
		r := invoke(t, "", "decode", "--source", "aws.sqs", "--force", f)
		assert.Equal(t, 4, r.code)
		assert.Contains(t, r.stderr, f+":2:3: invalid JSON at offset 6: ")
	})
}

// Issue 7: a UTF-8 byte-order mark at the start of an input is skipped.
func TestByteOrderMark(t *testing.T) {
	raw, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	withBOM := "\xEF\xBB\xBF" + string(raw)
	f := tempFile(t, "bom.json", withBOM)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"detect file", "", []string{"detect", f}},
		{"detect stdin", withBOM, []string{"detect"}},
		{"decode file", "", []string{"decode", f}},
		{"decode stdin", withBOM, []string{"decode", "-"}},
		{"decode forced", withBOM, []string{"decode", "--source", "aws.sqs"}},
		{"print file", "", []string{"print", f}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := invoke(t, tc.stdin, tc.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.NotContains(t, r.stdout, "\uFEFF")
			switch tc.args[0] {
			case "detect":
				assert.Equal(t, "aws.sqs\n", r.stdout)
			case "decode":
				assert.JSONEq(t, string(raw), r.stdout)
			case "print":
				assert.Contains(t, r.stdout, `"QueueURL()"`)
			}
		})
	}
	r := invoke(t, "\xEF\xBB\xBF\xEF\xBB\xBF{}", "detect")
	assert.Equal(t, 4, r.code, "one mark is skipped, not two")
}

// Issue 7: --source X on an event that X's rule does not match is exit 3,
// naming what the rule lacked, unless --force.
func TestForcedSource(t *testing.T) {
	raw, err := os.ReadFile(sqsFile)
	require.NoError(t, err)
	for _, cmd := range []string{"decode", "print"} {
		for _, tc := range []struct {
			name string
			args []string
			code int
			want string // in stderr
		}{
			{"matching", []string{"--source", "aws.sqs"}, 0, ""},
			{"not matching", []string{"--source", "aws.sns"}, 3,
				`the rule of aws.sns lacks Records[0].EventSource equals "aws:sns" (absent); --force decodes it anyway`},
			{"not matching, value", []string{"--source=aws.s3"}, 3, "the rule of aws.s3 lacks Records[0].eventSource"},
			{"forced", []string{"--source", "aws.sns", "--force"}, 0, ""},
			{"forced first", []string{"--force", "--source", "aws.eventbridge"}, 0, ""},
			{"no such source", []string{"--source", "aws.nope"}, 3, `registry: no such source "aws.nope"`},
			{"no such source, forced", []string{"--source", "aws.nope", "--force"}, 3, `registry: no such source "aws.nope"`},
		} {
			t.Run(cmd+"/"+tc.name, func(t *testing.T) {
				r := invoke(t, "", append(append([]string{cmd}, tc.args...), sqsFile)...)
				assert.Equal(t, tc.code, r.code, r.stderr)
				if tc.code != 0 {
					assert.Empty(t, r.stdout)
					assert.Equal(t, 1, strings.Count(r.stderr, "\n"))
					assert.Contains(t, r.stderr, sqsFile+": "+tc.want)
					return
				}
				assert.Empty(t, r.stderr)
				if cmd == "decode" {
					assert.JSONEq(t, string(raw), r.stdout, "lossless, whatever the type")
				}
			})
		}
	}
}

// Issue 7: decode's output stays linear in the input for deep nesting.
func TestDecodeDeep(t *testing.T) {
	const depth = 9990 // under the scanner's limit with the event around it
	in := `{"Records":[{"eventSource":"aws:sqs","deep":` + strings.Repeat("[", depth) +
		strings.Repeat("]", depth) + `,"wide":` + strings.Repeat("[", depth/2) + `1,2,{"a":"b"}` +
		strings.Repeat("]", depth/2) + `}]}`
	r := invoke(t, in, "decode")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Less(t, len(r.stdout), 300<<10, "json.Indent wrote about 200 MB here")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(r.stdout)))
	assert.Equal(t, in, compact.String(), "lossless")
	assert.True(t, strings.HasPrefix(r.stdout, "{\n  \"Records\": [\n    {\n      \"eventSource\": \"aws:sqs\",\n"), r.stdout[:100])
}

func TestIndent(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{`1`, 0, "1"},
		{`{"a":[1,{"b":{}},[]]}`, 0, `{"a":[1,{"b":{}},[]]}`},
		{`{"a":[1,{"b":{}},[]]}`, 1, "{\n  \"a\": [1,{\"b\":{}},[]]\n}"},
		{`{"a":[1,{"b":{}},[]]}`, 2, "{\n  \"a\": [\n    1,\n    {\"b\":{}},\n    []\n  ]\n}"},
		{`["a,b:{[","\"]}",{"\\":"\\\""}]`, 1, "[\n  \"a,b:{[\",\n  \"\\\"]}\",\n  {\"\\\\\":\"\\\\\\\"\"}\n]"},
		{`[[[[]]]]`, 2, "[\n  [\n    [[]]\n  ]\n]"},
	} {
		assert.Equal(t, tc.want, string(indent([]byte(tc.in), "  ", tc.limit)), "%s, limit %d", tc.in, tc.limit)
	}
}

// Within the limit, decode indents as json.Indent does, on every payload.
func TestIndentAsJSONIndent(t *testing.T) {
	files, err := filepath.Glob("../../testdata/events/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var compact, want bytes.Buffer
		if json.Compact(&compact, raw) != nil {
			continue // invalid on purpose
		}
		require.NoError(t, json.Indent(&want, compact.Bytes(), "", "  "))
		assert.Equal(t, want.String(), string(indent(compact.Bytes(), "  ", maxIndent)), f)
	}
}
