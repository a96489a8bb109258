package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/samples"
)

// sampleCommand is `evplugin sample`: a realistic event of a built-in
// source, from the samples embedded in the binary.
func (c *cli) sampleCommand() *cobra.Command {
	var list bool
	var sets []string
	cmd := &cobra.Command{
		Use:   "sample [flags] ID",
		Short: "Print a realistic event of a source, to test with",
		Long: `Sample prints a realistic event of the source ID as JSON (account 123456789012,
region us-east-1), from the samples embedded in evplugin; --list lists the IDs.
Every built-in source has one; plugins' sources have none, and plugins are not loaded.

--set PATH=VALUE (repeatable, applied in order) sets the member at PATH, in the rule
path syntax of 'evplugin sources': Records[0].s3.bucket.name, detail["detail-type"],
[0].info.fieldName. A member that does not exist is added when its parent object or
array does (an array takes the element just past its end); otherwise it is an error.
VALUE is JSON when it parses as JSON (42, true, null, {"a":1}, "quoted"), else a
string (--set awsRegion=eu-west-1); but a member that holds a string takes VALUE as a
string unless it is quoted JSON or null: --set 'Records[0].body={"id":1}' sets the
JSON text of an SQS body, --set 'detail={"id":1}' an EventBridge detail object.

The result must still be detected as ID and decode as ID: a --set that changes what the
source's rule tests is an error (exit 3), and one that gives a member a value of the
wrong type too (exit 4); a bad ID, PATH or a missing parent is a usage error (exit 2).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				if len(sets) > 0 || len(args) > 0 {
					return errors.New("--list takes no ID and no --set")
				}
				return nil
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if list {
				for _, id := range samples.IDs() {
					fmt.Fprintln(c.stdout, id)
				}
				return nil
			}
			return c.exit(c.sample(args[0], sets))
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var ids []cobra.Completion
			for _, id := range samples.IDs() {
				if s, err := c.reg.Lookup(id); err == nil && len(args) == 0 {
					ids = append(ids, cobra.CompletionWithDesc(id, s.Title))
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list the source IDs that have a sample")
	cmd.Flags().StringArrayVar(&sets, "set", nil,
		"set a member: `PATH=VALUE`, VALUE JSON if it parses as JSON, else a string (repeatable)")
	return cmd
}

// sample prints the sample of id with sets applied, checked to be an event
// of id still.
func (c *cli) sample(id string, sets []string) int {
	raw, ok := samples.Get(id)
	if !ok {
		if _, err := c.reg.Lookup(id); err == nil {
			fmt.Fprintf(c.stderr, "evplugin: no sample for %s: samples cover the built-in sources\n", id)
		} else {
			fmt.Fprintf(c.stderr, "evplugin: no sample for %q: no such source ('evplugin sample --list' lists the IDs)\n", id)
		}
		return exitUsage
	}
	for _, set := range sets {
		path, value, ok := splitSet(set)
		if !ok {
			fmt.Fprintf(c.stderr, "evplugin: --set %q: want PATH=VALUE\n", set)
			return exitUsage
		}
		var err error
		if raw, err = samples.Set(raw, path, setValue(raw, path, value)); err != nil {
			fmt.Fprintf(c.stderr, "evplugin: sample %s: --set %s: %v\n", id, set, err)
			return exitUsage
		}
	}
	if code := c.checkSample(id, raw); code != exitOK {
		return code
	}
	out := append(indent(raw, "  ", maxIndent), '\n')
	if _, err := c.stdout.Write(out); err != nil {
		fmt.Fprintf(c.stderr, "evplugin: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// checkSample reports whether raw is still an event of id: detected as id,
// and decoding as id.
func (c *cli) checkSample(id string, raw []byte) int {
	got, err := c.reg.Detect(raw)
	if err == nil && got == id {
		if _, err := c.reg.DecodeAs(id, raw); err != nil {
			fmt.Fprintf(c.stderr, "evplugin: sample %s: the members set give an event that does not decode: %v\n", id, err)
			return exitInvalid
		}
		return exitOK
	}
	why := "it is detected as " + got
	var ue *registry.UnknownError
	switch merr := c.reg.Match(id, raw); {
	case errors.As(merr, &ue):
		why = "the rule of " + id + " lacks " + ue.Lacked
	case err != nil:
		why = err.Error()
	}
	fmt.Fprintf(c.stderr, "evplugin: sample %s: the members set give an event that is no longer %s: %s\n", id, id, why)
	return exitUnknown
}

// setValue is what --set PATH=VALUE sets: VALUE as JSON when it parses as
// JSON, else as a string; but a member that holds a string takes VALUE as a
// string unless it is a quoted JSON string or null, so that
// --set 'Records[0].body={"id":1}' sets the JSON text an SQS body carries.
func setValue(event []byte, path, value string) any {
	if !json.Valid([]byte(value)) {
		return value
	}
	raw := json.RawMessage(value)
	old, found, _ := samples.Value(event, path)
	lit := strings.TrimSpace(value)
	if found && old[0] == '"' && lit[0] != '"' && lit != "null" {
		return value
	}
	return raw
}

// splitSet splits PATH=VALUE at the first "=" outside a quoted member name
// (detail["a=b"]=1).
func splitSet(s string) (path, value string, ok bool) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && s[i] == '=':
			return s[:i], s[i+1:], i > 0
		}
	}
	return "", "", false
}
