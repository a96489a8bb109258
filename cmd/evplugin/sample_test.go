package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evplugin/evplugin/internal/jsontest"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/samples"
)

// Issue 11: `evplugin sample ID` prints, for every built-in source, its
// embedded sample, which print reads back as that source.
func TestSampleEveryID(t *testing.T) {
	r := invoke(t, "", "sample", "--list")
	require.Equal(t, 0, r.code, r.stderr)
	listed := strings.Fields(r.stdout)
	var builtin []string
	for _, s := range registry.Default.Sources() {
		builtin = append(builtin, s.ID)
	}
	assert.ElementsMatch(t, builtin, listed, "sample --list against the built-in sources")
	for _, id := range listed {
		t.Run(id, func(t *testing.T) {
			r := invoke(t, "", "sample", id)
			require.Equal(t, 0, r.code, r.stderr)
			want, _ := samples.Get(id)
			jsontest.Equal(t, want, []byte(r.stdout))
			got := invoke(t, r.stdout, "detect")
			assert.Equal(t, id+"\n", got.stdout, got.stderr)
		})
	}
}

func TestSampleSet(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string // in the output
	}{
		{"string", []string{"aws.s3", "--set", "Records[0].s3.bucket.name=my-bucket", "--set", "Records[0].awsRegion=eu-west-1"},
			[]string{`"name": "my-bucket"`, `"awsRegion": "eu-west-1"`}},
		{"JSON text into a string member", []string{"aws.sqs", "--set", `Records[0].body={"orderId":7}`, "--set", "Records[0].awsRegion=5"},
			[]string{`"body": "{\"orderId\":7}"`, `"awsRegion": "5"`}},
		{"JSON into an object member", []string{"aws.eventbridge", "--set", `detail={"id":1}`},
			[]string{"\"detail\": {\n    \"id\": 1\n  }"}},
		{"quoted JSON string", []string{"aws.s3", "--set", `Records[0].s3.object.key="123"`}, []string{`"key": "123"`}},
		{"number", []string{"aws.s3", "--set", "Records[0].s3.object.size=42"}, []string{`"size": 42`}},
		{"member added", []string{"aws.s3", "--set", "Records[0].s3.object.versionId=v1"}, []string{`"versionId": "v1"`}},
		{"quoted name with =", []string{"aws.eventbridge", "--set", `detail["a=b"]=1`}, []string{`"a=b": 1`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := invoke(t, "", append([]string{"sample"}, tc.args...)...)
			require.Equal(t, 0, r.code, r.stderr)
			for _, w := range tc.want {
				assert.Contains(t, r.stdout, w)
			}
			got := invoke(t, r.stdout, "detect")
			assert.Equal(t, tc.args[0]+"\n", got.stdout, got.stderr)
		})
	}
}

func TestSampleErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no ID", []string{"sample"}, exitUsage, "accepts 1 arg(s)"},
		{"unknown ID", []string{"sample", "aws.nope"}, exitUsage, `no sample for "aws.nope": no such source`},
		{"--list with an ID", []string{"sample", "--list", "aws.sqs"}, exitUsage, "--list takes no ID and no --set"},
		{"no =", []string{"sample", "aws.sqs", "--set", "Records[0].body"}, exitUsage, `--set "Records[0].body": want PATH=VALUE`},
		{"bad path", []string{"sample", "aws.sqs", "--set", "Records..x=1"}, exitUsage, `misplaced '.'`},
		{"missing parent", []string{"sample", "aws.sqs", "--set", "Records[0].x.y=1"}, exitUsage, "Records[0].x does not exist"},
		{"rule broken", []string{"sample", "aws.sqs", "--set", "Records[0].eventSource=aws:sns"}, exitUnknown,
			`no longer aws.sqs: the rule of aws.sqs lacks Records[0].eventSource equals "aws:sqs" (found "aws:sns")`},
		{"wrong type", []string{"sample", "aws.s3", "--set", "Records[0].s3.object.size=big"}, exitInvalid, "does not decode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := invoke(t, "", tc.args...)
			assert.Equal(t, tc.code, r.code)
			assert.Contains(t, r.stderr, tc.stderr)
			assert.Empty(t, r.stdout)
		})
	}
}

// A source registered without a sample (a plugin's) says so.
func TestSampleWithoutOne(t *testing.T) {
	c := &cli{stdout: new(strings.Builder), stderr: new(strings.Builder), reg: registry.New()}
	require.NoError(t, c.reg.Register(registry.Source{ID: "acme.order", New: func() any { return new(struct{}) },
		Rule: registry.All(registry.PathExists("order"))}))
	assert.Equal(t, exitUsage, c.sample("acme.order", nil))
	assert.Equal(t, "evplugin: no sample for acme.order: samples cover the built-in sources\n", c.stderr.(*strings.Builder).String())
}

func TestSampleHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "sample"}, {"sample", "-h"}} {
		r := invoke(t, "", args...)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "evplugin sample [flags] ID")
		assert.Contains(t, r.stdout, "--set PATH=VALUE")
	}
}
