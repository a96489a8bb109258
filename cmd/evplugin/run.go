package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	_ "github.com/evplugin/evplugin/sources/all"
	"github.com/evplugin/evplugin/stream"
)

// Exit codes, a contract scripts rely on.
const (
	exitOK         = 0
	exitUsage      = 2
	exitUnknown    = 3
	exitInvalid    = 4
	exitPlugin     = 5
	exitUnreadable = 6
)

// cli is one invocation: its streams, the registry it works with and the
// flags every command shares.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	reg            *registry.Registry
	plugins        []string // --plugin, in order
	streams        streams  // the error lines and progress of stream.go
}

// exitError ends a command with a code, its message already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// A registry of its own, so plugins stay with this run.
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, reg: registry.New()}
	if err := c.reg.RegisterAll(registry.Default.Sources()); err != nil {
		fmt.Fprintf(stderr, "evplugin: %v\n", err)
		return exitInvalid
	}
	root := c.commands()
	if args == nil {
		args = []string{} // cobra reads os.Args when given none
	}
	if cmd, _, err := root.Find(args); err == nil && cmd == root && !slices.ContainsFunc(args, isHelp) {
		// Without a command cobra would print the help and succeed.
		fmt.Fprintln(stderr, "evplugin: a command is required")
		c.usageHint(root)
		return exitUsage
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	var ee exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	}
	// Anything else is cobra refusing the command line.
	if cmd == nil {
		cmd = root
	}
	fmt.Fprintf(stderr, "%s: %v\n", cmd.CommandPath(), err)
	c.usageHint(cmd)
	return exitUsage
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || strings.HasPrefix(arg, "--help=")
}

// usageHint prints the usage line of cmd and where to read more, as the go
// command does.
func (c *cli) usageHint(cmd *cobra.Command) {
	if !cmd.HasParent() {
		fmt.Fprintf(c.stderr, "usage: %s COMMAND [flags] [ARG...]\nRun '%[1]s help' for the commands.\n", cmd.Name())
		return
	}
	fmt.Fprintf(c.stderr, "usage: %s\nRun '%s help %s' for details.\n", cmd.UseLine(), cmd.Root().Name(),
		strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" "))
}

// commands builds the command tree of one invocation.
func (c *cli) commands() *cobra.Command {
	root := &cobra.Command{
		Use:   "evplugin",
		Short: "Detect, decode and print AWS Lambda events",
		Long: `evplugin detects, decodes and prints AWS Lambda events.

Every command takes --plugin PATH (repeatable) and reads EVPLUGIN_PLUGINS: plugin files
or directories (every executable named evplugin-* in it), separated like PATH.
Without a file, or with "-", the input is standard input.

Exit codes: 0 success, 2 usage, 3 an input matched no source (or not the forced one),
4 invalid JSON or a decode error, 5 a plugin failed, 6 an input could not be read.`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
	}
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.PersistentFlags().StringArrayVar(&c.plugins, "plugin", nil,
		"a plugin `PATH`: a file, or a directory of evplugin-* files (repeatable; added to EVPLUGIN_PLUGINS)")

	var explain, count, asJSON, force, unbounded, unwrap bool
	var source string
	detect := &cobra.Command{
		Use:   "detect [flags] [FILE...]",
		Short: "Name the source of each event",
		Long: `Detect names the source of each event: one ID, or with several files one line
"FILE<TAB>ID" each (ID is unknown, invalid or unreadable when it fails).
An input of many events (NDJSON, concatenated, pretty-printed) prints "FILE:LINE<TAB>ID"
for each; --count prints a table of IDs and how many events had each instead.
With --explain it also prints every rule in priority order and which conditions held.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.exit(c.detectStreams(args, explain, count, unwrap))
		},
		ValidArgsFunction: cobra.FixedCompletions(nil, cobra.ShellCompDirectiveDefault),
	}
	detect.Flags().BoolVar(&explain, "explain", false, "print every rule and which of its conditions held")
	detect.Flags().BoolVar(&unwrap, "unwrap", false, unwrapFlag["detect"])
	detect.Flags().BoolVar(&count, "count", false, "print a table of IDs (and unknown, invalid, unreadable) and how many events had each")
	detect.MarkFlagsMutuallyExclusive("explain", "count")

	decodeLike := func(name, short, long string) *cobra.Command {
		cmd := &cobra.Command{
			Use:   name + " [flags] [FILE|-]",
			Short: short,
			Long:  long,
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if force && source == "" {
					return errors.New("--force needs --source")
				}
				var opts []printer.Option
				if unbounded {
					opts = append(opts, printer.Unbounded())
				}
				return c.exit(c.decodeStream(name, args, source, force, unwrap, opts...))
			},
			ValidArgsFunction: cobra.FixedCompletions(nil, cobra.ShellCompDirectiveDefault),
		}
		cmd.Flags().StringVar(&source, "source", "", "decode as this source `ID` instead of detecting it")
		cmd.Flags().BoolVar(&force, "force", false, "with --source: decode even when the source's rule does not match")
		cmd.Flags().BoolVar(&unwrap, "unwrap", false, unwrapFlag[name])
		_ = cmd.RegisterFlagCompletionFunc("source", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var ids []cobra.Completion
			for _, s := range c.reg.Sources() {
				ids = append(ids, cobra.CompletionWithDesc(s.ID, s.Title))
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		})
		return cmd
	}
	decode := decodeLike("decode", "Print the decoded event as JSON (lossless, not masked)",
		`Decode detects the event's source (or takes --source) and prints the decoded event as
JSON: lossless, and not masked. Indentation stops at a depth of 64; deeper values print
compactly, so the output stays proportional to the input.
With --source, an event that the source's rule does not match is an error (exit 3)
unless --force is given.`)
	printCmd := decodeLike("print", "Print the safe debug view (secrets masked)",
		`Print detects the event's source (or takes --source) and prints the safe debug view:
secrets masked, derived values beside the raw fields. Derived values (decoded bodies,
decompressed logs) print within a budget of 1 MiB and say what they left out;
--unbounded prints them whole.
With --source, an event that the source's rule does not match is an error (exit 3)
unless --force is given.`)
	printCmd.Flags().BoolVar(&unbounded, "unbounded", false, "print derived values whole, beyond the 1 MiB budget")

	sources := &cobra.Command{
		Use:   "sources [flags]",
		Short: "List the sources: ID, Go type, priority, title, rule",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.exit(c.sources(asJSON))
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	sources.Flags().BoolVar(&asJSON, "json", false, "print JSON: a list of {id, type, title, priority, rule, origin}")

	version := &cobra.Command{
		Use:   "version",
		Short: "Print the module version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(c.stdout, "evplugin %s\n", moduleVersion())
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}

	root.AddCommand(detect, decode, printCmd, sources, version, c.sampleCommand())
	return root
}

// moduleVersion is the version of the main module the binary was built
// from, or "(devel)" when it is not known.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// exit turns a code into what a RunE returns.
func (c *cli) exit(code int) error {
	if code == exitOK {
		return nil
	}
	return exitError{code}
}

// start loads the plugins (main gives them an empty standard input, so
// the events on it reach evplugin). A failure is printed, and returned as
// an exit code.
func (c *cli) start() (closePlugins func(), code int) {
	closePlugins, err := c.loadPlugins(c.plugins)
	if err != nil {
		fmt.Fprintf(c.stderr, "evplugin: %v\n", err)
		return closePlugins, exitPlugin
	}
	return closePlugins, exitOK
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
	case errors.Is(err, stream.ErrTooLarge), errors.As(err, new(*fs.PathError)):
		return exitUnreadable
	}
	return exitInvalid
}

// worse orders exit codes by severity: invalid input beats unknown input.
func worse(a, b int) int {
	rank := map[int]int{exitOK: 0, exitUnknown: 1, exitInvalid: 2, exitUnreadable: 3, exitUsage: 4, exitPlugin: 5}
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

// forcedError is an event that the rule of the source named by --source
// does not match.
type forcedError struct {
	source string
	lacked string
}

func (e *forcedError) Error() string {
	return fmt.Sprintf("the rule of %s lacks %s; --force decodes it anyway", e.source, e.lacked)
}

// Unwrap makes errors.Is(err, registry.ErrUnknownSource) hold: exit 3.
func (e *forcedError) Unwrap() error { return registry.ErrUnknownSource }

// decodeAs decodes data as source, which must match it unless force.
func (c *cli) decodeAs(data []byte, source string, force bool) (any, error) {
	if !force {
		err := c.reg.Match(source, data)
		var ue *registry.UnknownError
		if errors.As(err, &ue) {
			return nil, &forcedError{source: source, lacked: ue.Lacked}
		}
		if err != nil {
			return nil, err
		}
	}
	return c.reg.DecodeAs(source, data)
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

func (c *cli) sources(asJSON bool) int {
	closePlugins, code := c.start()
	defer closePlugins()
	if code != exitOK {
		return code
	}
	var infos []sourceInfo
	for _, s := range c.reg.Sources() {
		typ := s.TypeName()
		if typ == "" && s.Origin != "" {
			typ = "*plugins.Event"
		}
		infos = append(infos, sourceInfo{ID: s.ID, Type: typ, Title: s.Title, Priority: s.Priority, Rule: s.Rule, Origin: s.Origin})
	}
	if asJSON {
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
