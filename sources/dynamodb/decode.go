package dynamodb

import (
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
)

// ErrNoImage is returned when decoding an image (or the keys) a record
// does not hold, for example the new image of a REMOVE.
var ErrNoImage = errors.New("dynamodb: no image")

// UnmarshalMap decodes a map of attributes into v, a pointer to a struct
// (or to a map), through github.com/go-viper/mapstructure/v2, by the rules
// the EventBridge source's Event.DetailAs shares:
//
//   - a field is named by its json tag, else its dynamodbav tag, else its
//     Go name, matched exactly (DynamoDB names are case sensitive);
//     embedded structs are flattened;
//   - numbers go into any integer or float field, with range checks
//     (1E+3 and 100.0 are integers), into string fields as their text,
//     into json.Number, big.Int, big.Float and big.Rat fields, and into
//     time.Time fields as epoch seconds (the Time to Live convention);
//   - strings go into string fields, and into time.Time fields as RFC 3339;
//   - binary values go into []byte fields, sets into slices, NULL leaves
//     the field as it was.
//
// A nil map is [ErrNoImage]; a malformed attribute is an [*AttributeError].
func UnmarshalMap(m map[string]AttributeValue, v any) error { return unmarshalMap("item", m, v) }

func unmarshalMap(name string, m map[string]AttributeValue, v any) error {
	if m == nil {
		return fmt.Errorf("%w: %s", ErrNoImage, name)
	}
	x, err := values(name, m)
	if err != nil {
		return err
	}
	return decode(name, x, v)
}

// decode decodes x, the Go values of an image or attribute, into v by the
// rules of [into.Decode], naming what was decoded in the error.
func decode(name string, x, v any) error {
	if err := lossless.Into(x, v); err != nil {
		return fmt.Errorf("dynamodb: %s: %w", name, err)
	}
	return nil
}
