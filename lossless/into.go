package lossless

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"

	"github.com/evplugin/evplugin/internal/epoch"
)

// intoConfig is the one mapstructure configuration of [Into], built once
// and copied per call to set Result.
var intoConfig = mapstructure.DecoderConfig{
	TagName:   "json,dynamodbav",
	Squash:    true,
	MatchName: func(key, field string) bool { return key == field },
	DecodeHook: mapstructure.ComposeDecodeHookFunc(
		numberHook,
		mapstructure.StringToTimeHookFunc(time.RFC3339Nano),
	),
}

// Into decodes x, a free-form value with its numbers as
// encoding/stdjson.Number (as [Extra.Unknown], EventBridge details and
// DynamoDB images hold them), into v, the caller's own value, a pointer to
// a struct (or to a map), through github.com/go-viper/mapstructure/v2 with
// one configuration built once. It is not lossless; it is how a source's
// derived values fill callers' structs, and how [Unmarshal] decodes types
// that do not embed [Extra]:
//
//   - a field is named by its json tag, else its dynamodbav tag, else its
//     Go name, matched exactly; embedded structs are flattened; members v
//     does not have are ignored;
//   - numbers go into any integer or float field, with range checks
//     (1E+3 and 100.0 are integers, -0.0 is no unsigned one; exponents
//     beyond ±400 are refused before any big number is built), into
//     string fields as their text,
//     into stdjson.Number, big.Int, big.Float (256 bits) and big.Rat fields,
//     into any fields as they are, and into time.Time fields as epoch
//     seconds;
//   - strings go into string fields, and into time.Time fields as RFC 3339;
//   - []byte goes into []byte fields; nil leaves the field as it was.
//
// The error is mapstructure's, unwrapped; callers add their own prefix.
func Into(x, v any) error {
	cfg := intoConfig
	cfg.Result = v
	d, err := mapstructure.NewDecoder(&cfg)
	if err != nil {
		return err
	}
	return d.Decode(x)
}

var (
	bigIntType   = reflect.TypeFor[big.Int]()
	bigFloatType = reflect.TypeFor[big.Float]()
	bigRatType   = reflect.TypeFor[big.Rat]()
	timeType     = reflect.TypeFor[time.Time]()
)

// numberHook converts a stdjson.Number to the kind of field it lands in,
// refusing values the field cannot hold.
func numberHook(_, to reflect.Type, data any) (any, error) {
	n, ok := data.(stdjson.Number)
	if !ok {
		return data, nil
	}
	s := string(n)
	bad := func(err error) error { return fmt.Errorf("number %s does not fit %v: %w", s, to, err) }
	switch to.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(integer(s), 10, to.Bits())
		if err != nil {
			return nil, bad(err)
		}
		return i, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if strings.HasPrefix(s, "-") {
			// strconv refuses "-0"; -0.0 and -0E0 alike, as encoding/json.
			return nil, bad(errors.New("minus sign"))
		}
		u, err := strconv.ParseUint(integer(s), 10, to.Bits())
		if err != nil {
			return nil, bad(err)
		}
		return u, nil
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, to.Bits())
		if err != nil {
			return nil, bad(err)
		}
		return f, nil
	case reflect.String:
		if to == numberType {
			return n, nil
		}
		return s, nil
	}
	switch to {
	case bigIntType:
		r, ok := rat(s)
		if !ok || !r.IsInt() {
			return nil, bad(errors.New("not an integer"))
		}
		return *new(big.Int).Set(r.Num()), nil
	case bigRatType:
		r, ok := rat(s)
		if !ok {
			return nil, bad(errors.New("invalid"))
		}
		return *r, nil
	case bigFloatType:
		f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
		if err != nil {
			return nil, bad(err)
		}
		return *f, nil
	case timeType:
		t, err := epoch.Seconds(s)
		if err != nil {
			return nil, bad(err)
		}
		return t, nil
	}
	return data, nil
}

// integer rewrites an integral number written with a fraction or an
// exponent (100.0, 1E+3) as plain digits, for strconv; anything else is
// returned as it is, for strconv to refuse.
func integer(s string) string {
	if !strings.ContainsAny(s, ".eE") {
		return s
	}
	if r, ok := rat(s); ok && r.IsInt() {
		return r.Num().String()
	}
	return s
}

// rat parses s exactly, refusing exponents beyond ±400 (DynamoDB's
// numbers lie between 1E-130 and 1E+126, and no float64 goes past 1E+309)
// so that no text makes big.Rat build a huge number.
func rat(s string) (*big.Rat, bool) {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 400 || e < -400 {
			return nil, false
		}
	}
	return new(big.Rat).SetString(s)
}
