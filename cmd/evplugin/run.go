package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
)

// Exit codes, a contract scripts rely on.
const (
	exitOK      = 0
	exitUsage   = 2
	exitUnknown = 3
	exitInvalid = 4
	exitPlugin  = 5
)

const usage = `usage:
  evplugin detect [--explain] [FILE...]
  evplugin decode [--source ID] [FILE|-]
  evplugin print  [--source ID] [FILE|-]
  evplugin sources [--json]
every command: --plugin PATH (repeatable); EVPLUGIN_PLUGINS=path[:path...]
`

// maxInput bounds what one input may hold, so a runaway pipe is an error.
const maxInput = 256 << 20

// cli is one invocation: its streams and the registry it works with.
type cli struct {
	stdout, stderr io.Writer
	reg            *registry.Registry
	stdinData      []byte // standard input, read before plugins start
	stdinErr       error
}

// opts are the parsed flags; which ones a command accepts is checked.
type opts struct {
	explain, json bool
	source        string
	plugins       []string
	args          []string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// A registry of its own, so plugins stay with this run.
	c := &cli{stdout: stdout, stderr: stderr, reg: registry.New()}
	if err := c.reg.RegisterAll(registry.Default.Sources()); err != nil {
		fmt.Fprintf(stderr, "evplugin: %v\n", err)
		return exitInvalid
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	allowed := map[string]string{
		"detect":  "explain",
		"decode":  "source",
		"print":   "source",
		"sources": "json",
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	allow, ok := allowed[cmd]
	if !ok {
		fmt.Fprintf(stderr, "evplugin: unknown command %q\n%s", cmd, usage)
		return exitUsage
	}
	o, err := parseFlags(rest, allow)
	if err != nil {
		fmt.Fprintf(stderr, "evplugin %s: %v\n%s", cmd, err, usage)
		return exitUsage
	}
	// Plugins inherit the process's standard input: take it first.
	if cmd != "sources" && (len(o.args) == 0 || slices.Contains(o.args, "-")) {
		c.stdinData, c.stdinErr = readAll(stdin)
	}
	closePlugins, err := c.loadPlugins(o.plugins)
	defer closePlugins()
	if err != nil {
		fmt.Fprintf(stderr, "evplugin: %v\n", err)
		return exitPlugin
	}
	switch cmd {
	case "detect":
		return c.detect(o)
	case "sources":
		if len(o.args) > 0 {
			fmt.Fprintf(stderr, "evplugin sources: takes no files\n%s", usage)
			return exitUsage
		}
		return c.sources(o)
	default:
		if len(o.args) > 1 {
			fmt.Fprintf(stderr, "evplugin %s: one input at most\n%s", cmd, usage)
			return exitUsage
		}
		return c.decode(cmd, o)
	}
}

// parseFlags accepts flags anywhere among the arguments ("--" ends them):
// --plugin PATH on every command, plus the one flag the command allows.
func parseFlags(args []string, allow string) (opts, error) {
	var o opts
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.args = append(o.args, args[i+1:]...)
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			o.args = append(o.args, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takesValue := name == "plugin" || name == "source"
		if takesValue && !hasVal {
			if i+1 >= len(args) {
				return o, fmt.Errorf("--%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if !takesValue && hasVal {
			return o, fmt.Errorf("--%s takes no value", name)
		}
		if name != "plugin" && name != allow {
			return o, fmt.Errorf("unknown flag %s", a)
		}
		switch name {
		case "plugin":
			o.plugins = append(o.plugins, val)
		case "source":
			o.source = val
		case "explain":
			o.explain = true
		case "json":
			o.json = true
		}
	}
	return o, nil
}

// input is one event to work on, named as the user named it.
type input struct {
	name string
	data []byte
}

func (c *cli) read(name string) (input, error) {
	if name == "-" {
		return input{name: name, data: c.stdinData}, c.stdinErr
	}
	f, err := os.Open(name)
	if err != nil {
		return input{name: name}, err
	}
	defer f.Close()
	data, err := readAll(f)
	return input{name: name, data: data}, err
}

// readAll reads one input, at most maxInput bytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err == nil && len(data) > maxInput {
		err = fmt.Errorf("larger than %d MiB", maxInput>>20)
	}
	return data, err
}

// exitFor maps a detection or decoding error to an exit code.
func exitFor(err error) int {
	switch {
	case err == nil:
		return exitOK
	case pluginFailed(err):
		return exitPlugin
	case errors.Is(err, registry.ErrUnknownSource), errors.Is(err, registry.ErrNoSource):
		return exitUnknown
	case errors.As(err, new(*registry.AmbiguousError)):
		return exitUnknown
	}
	return exitInvalid
}

func (c *cli) detect(o opts) int {
	names := o.args
	if len(names) == 0 {
		names = []string{"-"}
	}
	code := exitOK
	for _, name := range names {
		in, err := c.read(name)
		if err != nil {
			fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
			code = max(code, exitUsage)
			if len(names) > 1 {
				fmt.Fprintf(c.stdout, "%s\tinvalid\n", name)
			}
			continue
		}
		var id string
		var verdicts []registry.Verdict
		if o.explain {
			verdicts, err = c.reg.Explain(in.data)
			if err == nil {
				id, err = c.reg.Detect(in.data)
			}
		} else {
			id, err = c.reg.Detect(in.data)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
			code = worse(code, exitFor(err))
			id = "unknown"
			if exitFor(err) == exitInvalid {
				id = "invalid"
			}
		}
		switch {
		case len(names) > 1:
			fmt.Fprintf(c.stdout, "%s\t%s\n", name, id)
		case err == nil:
			fmt.Fprintln(c.stdout, id)
		}
		if o.explain {
			c.explain(name, verdicts)
		}
	}
	return code
}

// worse orders exit codes by severity: invalid input beats unknown input.
func worse(a, b int) int {
	rank := map[int]int{exitOK: 0, exitUnknown: 1, exitInvalid: 2, exitUsage: 3, exitPlugin: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func (c *cli) explain(name string, verdicts []registry.Verdict) {
	fmt.Fprintf(c.stdout, "# %s: rules in priority order\n", name)
	for _, v := range verdicts {
		mark := "no "
		if v.Matched {
			mark = "YES"
		}
		fmt.Fprintf(c.stdout, "%s %-40s priority %d\n", mark, v.ID, v.Priority)
		for _, r := range v.Conds {
			ok := "fail"
			if r.OK {
				ok = "ok  "
			}
			group := ""
			if r.Any {
				group = "any: "
			}
			fmt.Fprintf(c.stdout, "      %s %s%s\n", ok, group, r)
		}
	}
}

func (c *cli) decode(cmd string, o opts) int {
	name := "-"
	if len(o.args) == 1 {
		name = o.args[0]
	}
	in, err := c.read(name)
	if err != nil {
		fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
		return exitUsage
	}
	var v any
	if o.source != "" {
		v, err = c.reg.DecodeAs(o.source, in.data)
	} else {
		v, err = c.reg.Decode(in.data)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
		return exitFor(err)
	}
	if cmd == "print" {
		if err := printer.Fprint(c.stdout, v); err != nil {
			fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
			return exitInvalid
		}
		return exitOK
	}
	out, err := json.Marshal(v)
	if err == nil {
		var b bytes.Buffer
		if err = json.Indent(&b, out, "", "  "); err == nil {
			b.WriteByte('\n')
			_, err = c.stdout.Write(b.Bytes())
		}
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", name, err)
		return exitInvalid
	}
	return exitOK
}

// sourceInfo is one line of `evplugin sources --json`.
type sourceInfo struct {
	ID       string        `json:"id"`
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Priority int           `json:"priority"`
	Rule     registry.Rule `json:"rule"`
	Origin   string        `json:"origin,omitempty"`
}

func (c *cli) sources(o opts) int {
	var infos []sourceInfo
	for _, s := range c.reg.Sources() {
		typ := s.TypeName()
		if typ == "" && s.Origin != "" {
			typ = "*plugins.Event"
		}
		infos = append(infos, sourceInfo{ID: s.ID, Type: typ, Title: s.Title, Priority: s.Priority, Rule: s.Rule, Origin: s.Origin})
	}
	if o.json {
		b, err := json.MarshalIndent(infos, "", "  ")
		if err != nil {
			fmt.Fprintf(c.stderr, "evplugin: %v\n", err)
			return exitInvalid
		}
		fmt.Fprintf(c.stdout, "%s\n", b)
		return exitOK
	}
	w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTYPE\tPRIORITY\tTITLE\tRULE")
	for _, s := range infos {
		title := s.Title
		if s.Origin != "" {
			title += " [plugin " + s.Origin + "]"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", s.ID, s.Type, s.Priority, title, s.Rule)
	}
	w.Flush()
	return exitOK
}
