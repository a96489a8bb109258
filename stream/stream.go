// Package stream works on a stream of JSON events on every core, in bounded
// memory, handing the results back in input order.
//
// A stream is JSON values one after another: newline-delimited (NDJSON),
// simply concatenated, pretty-printed over many lines, with any whitespace
// between them; a UTF-8 byte-order mark at its start is skipped. A cheap
// scan that follows strings, escapes and the nesting of brackets cuts it
// into events without parsing them; [Map] hands each event to a pool of
// workers and their results, in input order, to one function.
//
// Framing validates nothing, so a bad event reaches the worker, whose
// parser reports it; framing resumes after it:
//   - an object or array ends at its last closing bracket, whatever it holds;
//   - a line break inside a string is invalid JSON and ends the event there,
//     so a truncated line of NDJSON costs that line only;
//   - a closing bracket that does not match, or anything but an object or
//     an array where an event starts (a number, a string, a stray word),
//     makes a bad event that runs to the end of its line;
//   - an object or array left open runs to the end of the input, or to the
//     size limit: an event over [Options.MaxEvent] bytes is an event with a
//     [*SizeError], whose bytes are skipped, not kept, up to its end.
//
// Memory is bounded by the limit and the number of workers, not by the
// length of the input.
package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/evplugin/evplugin/registry"
)

// DefaultMaxEvent is the largest event, in bytes, when [Options.MaxEvent]
// is zero: 256 MiB.
const DefaultMaxEvent = 256 << 20

// ErrTooLarge is what every [SizeError] wraps.
var ErrTooLarge = errors.New("stream: event too large")

// SizeError reports an event over the limit. Its bytes were skipped.
type SizeError struct {
	Limit int // in bytes
}

func (e *SizeError) Error() string {
	if e.Limit >= 1<<20 && e.Limit%(1<<20) == 0 {
		return fmt.Sprintf("stream: event larger than %d MiB", e.Limit>>20)
	}
	return fmt.Sprintf("stream: event larger than %d bytes", e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) hold.
func (e *SizeError) Unwrap() error { return ErrTooLarge }

// Options tune [Map]; the zero value is ready to use.
type Options struct {
	// MaxEvent is the largest event in bytes; 0 means [DefaultMaxEvent].
	MaxEvent int
	// Workers is the number of goroutines working on events; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
}

// Event is one event of a stream.
type Event struct {
	// Data holds the event's bytes, from its first to its last, without
	// the whitespace around it; but a bad event cut short by a line break
	// inside a string keeps that line break, where its error lies, and one
	// left open at the end of the input keeps the blanks after it. It is
	// valid until the function it is given to returns.
	Data []byte
	// Offset is the offset of Data[0] in the input as given (a byte-order
	// mark counts).
	Offset int64
	// Line and Col give the position of Data[0], both from 1, the column in
	// bytes, counted after a byte-order mark.
	Line, Col int
	// Err is a [*SizeError] when the event is over the limit; Data is then
	// nil.
	Err error
}

// Position returns the line and the byte column, both from 1, of
// Data[off] (off is clamped to Data).
func (e *Event) Position(off int64) (line, col int) {
	off = min(max(off, 0), int64(len(e.Data)))
	before := e.Data[:off]
	k := bytes.Count(before, nl)
	if k == 0 {
		return e.Line, e.Col + int(off)
	}
	return e.Line + k, int(off) - bytes.LastIndexByte(before, '\n')
}

// batch is a run of events framed from one buffer, worked on by one worker.
type batch[R any] struct {
	buf     []byte
	events  []Event
	results []R
	done    chan struct{}
}

// Map frames the events of r and calls work on each, on Options.Workers
// goroutines, then emit on each event and its result, in input order, on
// the calling goroutine. work is called for every event, one with Err set
// too. An input without any event (empty, or only whitespace) yields one
// event with empty Data at its end, which a JSON parser reports as
// unexpected end of input.
//
// Map returns the first error emit returns, stopping there, or the error
// that ended reading r (after emitting every event framed before it; the
// event it cut short is not emitted), or nil at the end of r.
func Map[R any](r io.Reader, opts Options, work func(*Event) R, emit func(*Event, R) error) error {
	if opts.MaxEvent <= 0 {
		opts.MaxEvent = DefaultMaxEvent
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	inflight := 2*opts.Workers + 2
	jobs := make(chan *batch[R], inflight)
	order := make(chan *batch[R], inflight)
	free := make(chan *batch[R], inflight+2)
	quit := make(chan struct{})
	mem := newBudget(inflight * chunkSize)

	f := newFramer(r, opts.MaxEvent)
	go func() {
		defer close(order)
		defer close(jobs)
		for {
			var b *batch[R]
			select {
			case b = <-free:
			default:
				b = &batch[R]{}
			}
			mem.acquire(chunkSize) // before the buffer exists
			select {
			case <-quit:
				return
			default:
			}
			b.buf, b.events = f.fill(b.buf, b.events)
			if len(b.events) == 0 {
				mem.release(chunkSize)
				return
			}
			mem.adjust(chunkSize, cap(b.buf))
			b.done = make(chan struct{})
			select {
			case order <- b:
			case <-quit:
				return
			}
			select {
			case jobs <- b:
			case <-quit:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				if cap(b.results) < len(b.events) {
					b.results = make([]R, len(b.events))
				}
				b.results = b.results[:len(b.events)]
				for i := range b.events {
					b.results[i] = work(&b.events[i])
				}
				close(b.done)
			}
		}()
	}
	var err error
	for b := range order {
		<-b.done
		for i := range b.events {
			if err = emit(&b.events[i], b.results[i]); err != nil {
				break
			}
		}
		mem.release(cap(b.buf))
		if err != nil {
			break
		}
		clear(b.results) // let the results go
		if cap(b.buf) > chunkSize {
			b.buf = nil // a large event's buffer is not kept
		}
		select {
		case free <- b:
		default:
		}
	}
	if err != nil {
		close(quit)
		for b := range order { // let the framer end
			mem.release(cap(b.buf))
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return f.err
}

// budget bounds the bytes of the buffers in flight. One buffer may exceed
// it alone, so an event up to the limit always fits.
type budget struct {
	mu    sync.Mutex
	cond  sync.Cond
	used  int
	limit int
}

func newBudget(limit int) *budget {
	b := &budget{limit: limit}
	b.cond.L = &b.mu
	return b
}

// acquire waits until n more bytes fit, or nothing else is in flight.
func (b *budget) acquire(n int) {
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.limit {
		b.cond.Wait()
	}
	b.used += n
	b.mu.Unlock()
}

// adjust replaces an amount acquired by the amount used.
func (b *budget) adjust(acquired, used int) {
	b.mu.Lock()
	b.used += used - acquired
	b.mu.Unlock()
}

func (b *budget) release(n int) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Result is what [Detect] gives for one event: its source ID, or the error
// that kept it from one.
type Result struct {
	ID  string
	Err error
}

// Detect detects the source of each event of r with reg, on every core,
// and calls fn on each event and its result in input order; see [Map].
// Each event is validated whole ([registry.Registry.DetectStrict]), so a
// bad event is reported even where its source could be told. A
// [*registry.SyntaxError] holds an offset in Event.Data, which
// [Event.Position] turns into a line and a column.
func Detect(r io.Reader, reg *registry.Registry, opts Options, fn func(*Event, Result) error) error {
	return Map(r, opts, func(ev *Event) Result {
		if ev.Err != nil {
			return Result{Err: ev.Err}
		}
		id, err := reg.DetectStrict(ev.Data)
		return Result{ID: id, Err: err}
	}, fn)
}
