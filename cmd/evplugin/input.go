package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/evplugin/evplugin/registry"
)

// maxInput bounds what one input may hold, so a runaway pipe is an error.
const maxInput = 256 << 20

// bom is the UTF-8 byte-order mark, which some editors write first.
var bom = []byte("\xEF\xBB\xBF")

// input is one event to work on, named as the user named it.
type input struct {
	name string
	data []byte // without a byte-order mark
	skip int    // bytes skipped at the start: the byte-order mark
}

// read reads the input name ("-" is standard input). An error is one that
// kept it from being read: exit code 6.
func (c *cli) read(name string) (input, error) {
	in := input{name: name}
	var err error
	if name == "-" {
		in.data, err = c.stdinData, c.stdinErr
	} else {
		in.data, err = readFile(name)
	}
	if err != nil {
		return in, err
	}
	if bytes.HasPrefix(in.data, bom) {
		in.data, in.skip = in.data[len(bom):], len(bom)
	}
	return in, nil
}

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

// readAll reads one input, at most maxInput bytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err == nil && len(data) > maxInput {
		err = fmt.Errorf("larger than %d MiB", maxInput>>20)
	}
	return data, err
}

// fail prints the one line that reports err about in: "NAME: error", or
// for invalid JSON "NAME:LINE:COL: invalid JSON at offset N: ...", with
// LINE and COL (in bytes, from 1) counted after a byte-order mark and the
// offset counted in bytes of the input as given.
func (c *cli) fail(in input, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == in.name {
		err = pe.Err // the name leads the line already
	}
	var se *registry.SyntaxError
	if errors.As(err, &se) && err == error(se) {
		line, col := position(in.data, se.Offset)
		fmt.Fprintf(c.stderr, "evplugin: %s:%d:%d: invalid JSON at offset %d: %s\n",
			in.name, line, col, se.Offset+int64(in.skip), se.Msg)
		return
	}
	fmt.Fprintf(c.stderr, "evplugin: %s: %v\n", in.name, err)
}

// position returns the line and the byte column, both from 1, of offset
// in data.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
