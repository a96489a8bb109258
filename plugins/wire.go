package plugins

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// The messages of proto/evplugin.proto, and go-plugin's StdioData, in the
// protobuf wire format, by hand: the generated code (plugins/proto, which
// plugins use) links protobuf's runtime, whose init reads samples of the
// executable file (internal/detrand, imported even by protowire), and the
// host needs five small messages. TestWire checks them both ways against
// the generated code.

// wireType is a protobuf wire type.
type wireType uint8

// The wire types: a varint, 8 bytes, a length and bytes, 4 bytes.
const (
	varintType  wireType = 0
	fixed64Type wireType = 1
	bytesType   wireType = 2
	fixed32Type wireType = 5
)

// The methods of the evplugin.v1.Plugin service.
const (
	describeMethod = "/evplugin.v1.Plugin/Describe"
	decodeMethod   = "/evplugin.v1.Plugin/Decode"
)

// sourceDescriptor is a SourceDescriptor message.
type sourceDescriptor struct {
	id, title      string
	rule           []byte
	priority       int64
	sensitivePaths []string
	samples        [][]byte
}

// appendDecodeRequest appends a DecodeRequest message.
func appendDecodeRequest(b []byte, sourceID string, event []byte) []byte {
	b = appendBytesField(b, 1, []byte(sourceID))
	return appendBytesField(b, 2, event)
}

// appendBytesField appends field num of the bytes type.
func appendBytesField(b []byte, num uint64, v []byte) []byte {
	b = appendVarint(b, num<<3|uint64(bytesType))
	b = appendVarint(b, uint64(len(v)))
	return append(b, v...)
}

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// consumeVarint reads a varint at the start of b and returns it and its
// length, or a length of 0 if b does not start with one.
func consumeVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			if i == 9 && b[i] > 1 {
				return 0, 0 // over 64 bits
			}
			return v, i + 1
		}
	}
	return 0, 0
}

// decodeDescribeResponse reads a DescribeResponse message.
func decodeDescribeResponse(b []byte) ([]sourceDescriptor, error) {
	var out []sourceDescriptor
	err := fields(b, func(num uint64, typ wireType, v []byte, _ uint64) error {
		if num != 1 {
			return nil
		}
		if typ != bytesType {
			return errWireType
		}
		d, err := decodeSourceDescriptor(v)
		if err != nil {
			return fmt.Errorf("source %d: %w", len(out), err)
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

func decodeSourceDescriptor(b []byte) (sourceDescriptor, error) {
	var d sourceDescriptor
	err := fields(b, func(num uint64, typ wireType, v []byte, n uint64) error {
		if num < 1 || num > 6 {
			return nil
		}
		if (num == 4) != (typ == varintType) || (num != 4 && typ != bytesType) {
			return errWireType
		}
		switch num {
		case 1:
			d.id = string(v)
		case 2:
			d.title = string(v)
		case 3:
			d.rule = v
		case 4:
			d.priority = int64(n)
		case 5:
			d.sensitivePaths = append(d.sensitivePaths, string(v))
		case 6:
			d.samples = append(d.samples, v)
		}
		if num <= 2 || num == 5 {
			return validUTF8(v)
		}
		return nil
	})
	return d, err
}

// decodeDecodeResponse reads a DecodeResponse message: the document and
// the error message.
func decodeDecodeResponse(b []byte) (doc []byte, msg string, err error) {
	err = fields(b, func(num uint64, typ wireType, v []byte, _ uint64) error {
		if num != 1 && num != 2 {
			return nil
		}
		if typ != bytesType {
			return errWireType
		}
		if num == 1 {
			doc = v
			return nil
		}
		msg = string(v)
		return validUTF8(v)
	})
	return doc, msg, err
}

var errWireType = errors.New("a field of the wrong wire type")

func validUTF8(v []byte) error {
	if !utf8.Valid(v) {
		return errors.New("a string field that is not UTF-8")
	}
	return nil
}

// fields calls fn with each field of message b: its number, its wire type,
// and its value (v for the bytes type, n for a varint; neither for the
// fixed types, which no message of the host has).
func fields(b []byte, fn func(num uint64, typ wireType, v []byte, n uint64) error) error {
	for len(b) > 0 {
		tag, k := consumeVarint(b)
		if k == 0 || tag>>3 == 0 || tag>>3 > 1<<29-1 {
			return errWireTag
		}
		b = b[k:]
		num, typ := tag>>3, wireType(tag&7)
		var v []byte
		var n uint64
		switch typ {
		case varintType:
			if n, k = consumeVarint(b); k == 0 {
				return errTruncated
			}
		case bytesType:
			size, m := consumeVarint(b)
			if m == 0 || size > uint64(len(b)-m) {
				return errTruncated
			}
			v, k = b[m:m+int(size)], m+int(size)
		case fixed64Type:
			k = 8
		case fixed32Type:
			k = 4
		default: // groups, which proto3 has not
			return errWireTag
		}
		if k > len(b) {
			return errTruncated
		}
		b = b[k:]
		if err := fn(num, typ, v, n); err != nil {
			return err
		}
	}
	return nil
}

var (
	errWireTag   = errors.New("not a protobuf message: a bad field tag")
	errTruncated = errors.New("not a protobuf message: a field is cut short")
)
