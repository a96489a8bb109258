package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/stream"
)

// Streams of events: every input of detect, decode and print may hold many
// events (NDJSON, concatenated, pretty-printed; package stream frames
// them). An input holding one event prints as it always did; one holding
// more prints a row, a document or a view per event, in input order, and
// reports each bad event with its position and goes on.

// outcome is what the work on one event gives, on a worker.
type outcome struct {
	id       string
	err      error
	out      []byte             // what decode or print writes
	verdicts []registry.Verdict // detect --explain
	chains   []string           // detect --unwrap
	// Where a syntax error is: line and column from 1, and the offset in
	// the input as given.
	line, col int
	offset    int64
}

// label names an outcome in detect's rows: the ID, or why there is none.
func (o *outcome) label() string {
	switch code := exitFor(o.err); {
	case o.err == nil:
		return o.id
	case code == exitUnknown:
		return "unknown"
	case code == exitUnreadable:
		return "unreadable"
	}
	return "invalid"
}

// streams is the state of a cli that stream.go keeps: the lock of stderr,
// shared by error lines and the progress line, and the progress line's
// settings (tests force it and shorten its times).
type streams struct {
	errMu       sync.Mutex
	prog        *progress // the progress line, while it runs
	force       bool      // show progress even when stderr is no terminal
	after, tick time.Duration
}

// Progress shows after a second of work, and is rewritten five times a
// second.
const (
	progressAfter = time.Second
	progressTick  = 200 * time.Millisecond
)

// events frames the input name ("-" is standard input), runs work on each
// event on every core and emit on each in input order; multi tells whether
// the input holds more than one event (the first waits until that is
// known). It returns the worst exit code of what it reported itself: the
// input could not be opened or read.
func (c *cli) events(name string, work func(*stream.Event) outcome, emit func(ev *stream.Event, o *outcome, multi bool)) int {
	var r io.Reader = c.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			c.report(name, nil, &outcome{err: err}, false)
			return exitUnreadable
		}
		defer f.Close()
		r = f
	}
	p := c.startProgress(name)
	defer p.stop()
	var first stream.Event
	var firstOut outcome
	n := 0
	err := stream.Map(r, stream.Options{MaxEvent: maxInput}, func(ev *stream.Event) outcome {
		o := work(ev)
		if o.err == nil && ev.Err != nil {
			o.err = ev.Err
		}
		var se *registry.SyntaxError
		if errors.As(o.err, &se) {
			o.line, o.col = ev.Position(se.Offset)
			o.offset = ev.Offset + se.Offset
		}
		return o
	}, func(ev *stream.Event, o outcome) error {
		n++
		p.done(n, ev.Offset+int64(len(ev.Data)))
		switch n {
		case 1:
			first, firstOut = *ev, o
			first.Data = nil // not ours past this call
		case 2:
			emit(&first, &firstOut, true)
			fallthrough
		default:
			emit(ev, &o, true)
		}
		return nil
	})
	if n == 1 {
		emit(&first, &firstOut, false)
	}
	if err != nil {
		c.report(name, nil, &outcome{err: err}, false)
		return exitUnreadable
	}
	return exitOK
}

// report prints the one line that tells what went wrong with an event (or
// with the input, when ev is nil): "NAME: error"; in an input of several
// events "NAME:LINE:COL: error" with the event's position; for invalid JSON
// "NAME:LINE:COL: invalid JSON at offset N: ...", where it was found, with
// lines and columns in bytes from 1, after a byte-order mark, and the
// offset in bytes of the input as given.
func (c *cli) report(name string, ev *stream.Event, o *outcome, multi bool) {
	err := o.err
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == name {
		err = pe.Err // the name leads the line already
	}
	var se *registry.SyntaxError
	switch {
	case errors.As(err, &se) && err == error(se):
		c.errorf("evplugin: %s:%d:%d: invalid JSON at offset %d: %s\n", name, o.line, o.col, o.offset, se.Msg)
	case multi && ev != nil:
		c.errorf("evplugin: %s:%d:%d: %v\n", name, ev.Line, ev.Col, err)
	default:
		c.errorf("evplugin: %s: %v\n", name, err)
	}
}

// detectStreams is detect: one ID for one event; with several inputs or
// events a row each, "NAME<TAB>ID" or "NAME:LINE<TAB>ID"; with count a
// table of IDs and how many events had each.
func (c *cli) detectStreams(names []string, explain, count, unwrap bool) int {
	closePlugins, code := c.start()
	defer closePlugins()
	if code != exitOK {
		return code
	}
	if len(names) == 0 {
		names = []string{"-"}
	}
	counts := map[string]int{}
	work := func(ev *stream.Event) outcome {
		if ev.Err != nil {
			return outcome{}
		}
		var o outcome
		if explain {
			if o.verdicts, o.err = c.reg.Explain(ev.Data); o.err != nil {
				return o
			}
		}
		o.id, o.err = c.reg.DetectStrict(ev.Data)
		if unwrap && o.err == nil && !count {
			o.chains, o.err = c.unwrappedChains(o.id, ev.Data)
		}
		return o
	}
	for _, name := range names {
		readCode := c.events(name, work, func(ev *stream.Event, o *outcome, multi bool) {
			if o.err != nil {
				c.report(name, ev, o, multi)
				code = worse(code, exitFor(o.err))
			}
			row := name
			switch {
			case count:
				counts[o.label()]++
				return
			case o.chains != nil:
				prefix := ""
				if multi {
					row = fmt.Sprintf("%s:%d", name, ev.Line)
				}
				if multi || len(names) > 1 {
					prefix = row + "\t"
				}
				for _, line := range o.chains {
					fmt.Fprintf(c.stdout, "%s%s\n", prefix, line)
				}
			case multi:
				row = fmt.Sprintf("%s:%d", name, ev.Line)
				fmt.Fprintf(c.stdout, "%s\t%s\n", row, o.label())
			case len(names) > 1:
				fmt.Fprintf(c.stdout, "%s\t%s\n", name, o.label())
			case o.err == nil:
				fmt.Fprintln(c.stdout, o.id)
			}
			if explain {
				c.explain(row, o.verdicts)
			}
		})
		if readCode != exitOK {
			code = worse(code, readCode)
			switch {
			case count:
				counts["unreadable"]++
			case len(names) > 1:
				fmt.Fprintf(c.stdout, "%s\tunreadable\n", name)
			}
		}
	}
	if count {
		c.countTable(counts)
	}
	return code
}

// countTable prints the IDs and their counts, the most frequent first.
func (c *cli) countTable(counts map[string]int) {
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	width := len("COUNT")
	if len(ids) > 0 {
		width = max(width, len(strconv.Itoa(counts[ids[0]])))
	}
	fmt.Fprintf(c.stdout, "%*s  ID\n", width, "COUNT")
	for _, id := range ids {
		fmt.Fprintf(c.stdout, "%*d  %s\n", width, counts[id], id)
	}
}

// decodeStream is decode and print: for each event the decoded JSON or the
// safe view; in an input of several events, print heads each view with a
// line "# NAME:LINE ID", while decode writes one JSON document after the
// other, which JSON stream readers (jq, evplugin itself) read back.
func (c *cli) decodeStream(cmd string, args []string, source string, force, unwrap bool, opts ...printer.Option) int {
	closePlugins, code := c.start()
	defer closePlugins()
	if code != exitOK {
		return code
	}
	name := "-"
	if len(args) == 1 {
		name = args[0]
	}
	work := func(ev *stream.Event) outcome {
		if ev.Err != nil {
			return outcome{}
		}
		var o outcome
		var v any
		if source != "" {
			o.id = source
			v, o.err = c.decodeAs(ev.Data, source, force)
		} else if o.id, o.err = c.reg.Detect(ev.Data); o.err == nil {
			v, o.err = c.reg.DecodeAs(o.id, ev.Data)
		}
		switch {
		case o.err == nil && unwrap:
			o.out, o.err = c.renderUnwrapped(cmd, o.id, v, opts...)
		case o.err == nil:
			o.out, o.err = render(cmd, v, opts...)
		}
		return o
	}
	readCode := c.events(name, work, func(ev *stream.Event, o *outcome, multi bool) {
		if o.err != nil {
			c.report(name, ev, o, multi)
			code = worse(code, exitFor(o.err))
			return
		}
		if multi && cmd == "print" {
			fmt.Fprintf(c.stdout, "# %s:%d %s\n", name, ev.Line, o.id)
		}
		if _, err := c.stdout.Write(o.out); err != nil {
			c.report(name, ev, &outcome{err: err}, multi)
			code = worse(code, exitInvalid)
		}
	})
	return worse(code, readCode)
}

// render writes v as decode (indented JSON) or print (the safe view) do.
func render(cmd string, v any, opts ...printer.Option) ([]byte, error) {
	if cmd == "print" {
		var b bytes.Buffer
		err := printer.Fprint(&b, v, opts...)
		return b.Bytes(), err
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(indent(out, "  ", maxIndent), '\n'), nil
}

// progress shows, on a terminal, how far the work on an input has come:
// a line on stderr, rewritten in place, once the work takes longer than
// progressAfter; error lines clear it first.
type progress struct {
	c      *cli
	name   string
	events atomic.Int64
	bytes  atomic.Int64
	quit   chan struct{}
	wg     sync.WaitGroup
	start  time.Time
	shown  bool // under c.streams.errMu
}

// startProgress starts the progress line of name, if stderr is a
// terminal (or tests force it).
func (c *cli) startProgress(name string) *progress {
	p := &progress{c: c, name: name, quit: make(chan struct{}), start: time.Now()}
	if !c.streams.force && !isTerminal(c.stderr) {
		return p
	}
	after, every := cmp.Or(c.streams.after, progressAfter), cmp.Or(c.streams.tick, progressTick)
	c.streams.prog = p
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-tick.C:
				if time.Since(p.start) >= after {
					p.show()
				}
			}
		}
	}()
	return p
}

// done records that n events and the input up to offset end are done.
func (p *progress) done(n int, end int64) {
	p.events.Store(int64(n))
	p.bytes.Store(end)
}

func (p *progress) show() {
	p.c.streams.errMu.Lock()
	defer p.c.streams.errMu.Unlock()
	mb := float64(p.bytes.Load()) / 1e6
	fmt.Fprintf(p.c.stderr, "\revplugin: %s: %d events, %.1f MB, %.1f MB/s\x1b[K", p.name, p.events.Load(), mb,
		mb/time.Since(p.start).Seconds())
	p.shown = true
}

// clear erases the progress line, if shown; the caller holds c.streams.errMu.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.c.stderr, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progress) stop() {
	close(p.quit)
	p.wg.Wait()
	p.c.streams.errMu.Lock()
	p.clear()
	p.c.streams.errMu.Unlock()
	if p.c.streams.prog == p {
		p.c.streams.prog = nil
	}
}

// errorf prints a line on stderr, clearing the progress line first.
func (c *cli) errorf(format string, args ...any) {
	c.streams.errMu.Lock()
	defer c.streams.errMu.Unlock()
	if c.streams.prog != nil {
		c.streams.prog.clear()
	}
	fmt.Fprintf(c.stderr, format, args...)
}

// isTerminal reports whether w is a terminal (a character device), without
// a dependency: os.File.Stat's mode tells.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
