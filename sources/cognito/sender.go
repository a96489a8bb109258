package cognito

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/printer"
	"github.com/evplugin/evplugin/sources/internal/body"
)

// The trigger sources of the custom email sender trigger: which message
// the handler must send.
const (
	CustomEmailSenderSignUp                      = "CustomEmailSender_SignUp"
	CustomEmailSenderResendCode                  = "CustomEmailSender_ResendCode"
	CustomEmailSenderForgotPassword              = "CustomEmailSender_ForgotPassword"
	CustomEmailSenderUpdateUserAttribute         = "CustomEmailSender_UpdateUserAttribute"
	CustomEmailSenderVerifyUserAttribute         = "CustomEmailSender_VerifyUserAttribute"
	CustomEmailSenderAdminCreateUser             = "CustomEmailSender_AdminCreateUser" // the code is the temporary password
	CustomEmailSenderAccountTakeOverNotification = "CustomEmailSender_AccountTakeOverNotification"
	CustomEmailSenderAuthentication              = "CustomEmailSender_Authentication" // email MFA or one-time sign-in code
)

// The trigger sources of the custom SMS sender trigger.
const (
	CustomSMSSenderSignUp              = "CustomSMSSender_SignUp"
	CustomSMSSenderResendCode          = "CustomSMSSender_ResendCode"
	CustomSMSSenderForgotPassword      = "CustomSMSSender_ForgotPassword"
	CustomSMSSenderUpdateUserAttribute = "CustomSMSSender_UpdateUserAttribute"
	CustomSMSSenderVerifyUserAttribute = "CustomSMSSender_VerifyUserAttribute"
	CustomSMSSenderAdminCreateUser     = "CustomSMSSender_AdminCreateUser"
	CustomSMSSenderAuthentication      = "CustomSMSSender_Authentication"
)

// The request types of the custom senders (request.type).
const (
	CustomEmailSenderRequestV1 = "customEmailSenderRequestV1"
	CustomSMSSenderRequestV1   = "customSMSSenderRequestV1"
)

// CustomEmailSenderEvent is the event of the custom email sender
// trigger, which replaces Cognito's own email messages: the handler
// decrypts the code and sends it (see [CustomSender]). Cognito ignores the
// response.
type CustomEmailSenderEvent struct {
	lossless.Extra
	CustomSender
}

// CustomSMSSenderEvent is the event of the custom SMS sender trigger,
// which replaces Cognito's own SMS messages (see [CustomSender]).
type CustomSMSSenderEvent struct {
	lossless.Extra
	CustomSender
}

// CustomSender holds the members of both custom sender events. It is
// embedded, without a json name, in [CustomEmailSenderEvent] and
// [CustomSMSSenderEvent], whose Extra keeps the members nobody models.
//
// The code is encrypted with the AWS Encryption SDK under the KMS key of
// the user pool's LambdaConfig.KMSKeyID, with the encryption context
// {"userpool-id": <user pool ID>}. [CustomSender.Ciphertext] gives the
// encrypted message, [CustomSender.EncryptionContext] the context to
// require, [CustomSender.CodeEnvelope] the key ARNs and context its header
// names, and [CustomSender.DecryptCode] decrypts with any [CodeDecrypter]
// (an AWS Encryption SDK client with a KMS keyring), so that this package
// needs no AWS SDK.
type CustomSender struct {
	Trigger
	Request  CustomSenderRequest `json:"request"`
	Response EmptyResponse       `json:"response"`
}

// Derived lists the derived value the printer shows beside the fields of
// both sender events: the envelope of the code (no secret). It is written
// here, once, rather than generated for each event type.
func (e CustomSender) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("CodeEnvelope", e.CodeEnvelope)}
}

// CustomSenderRequest holds the user and the encrypted code.
type CustomSenderRequest struct {
	lossless.Extra
	UserRequest
	Type string `json:"type"` // CustomEmailSenderRequestV1 or CustomSMSSenderRequestV1
	// Code is the code or temporary password, encrypted: base64 of an AWS
	// Encryption SDK message. Absent for notifications without a code.
	Code string `json:"code" sensitive:"true"`
}

// EncryptionContextKey is the key of the encryption context under which
// Cognito encrypts custom sender codes; its value is the user pool ID.
const EncryptionContextKey = "userpool-id"

// EncryptionContext returns the encryption context the code must have
// been encrypted with: {"userpool-id": <the event's user pool ID>}. Give
// it to the decrypter as the required context (and to a KMS key policy
// condition kms:EncryptionContext:userpool-id).
func (e CustomSender) EncryptionContext() map[string]string {
	return map[string]string{EncryptionContextKey: e.UserPoolID}
}

// errNoCode is the error of an event without a code: nothing to decode,
// which the printer leaves out.
type errNoCode struct{}

func (errNoCode) Error() string         { return "cognito: the request has no code" }
func (errNoCode) NothingToDerive() bool { return true }

// ErrNoCode is the error of reading the code of an event without one.
var ErrNoCode error = errNoCode{}

// Ciphertext returns the encrypted code: the AWS Encryption SDK message
// the base64 request.code holds.
func (e CustomSender) Ciphertext() ([]byte, error) {
	if e.Request.Code == "" {
		return nil, ErrNoCode
	}
	b, err := body.Base64(e.Request.Code)
	if err != nil {
		return nil, fmt.Errorf("cognito: code: %w", err)
	}
	return b, nil
}

// CodeEnvelope returns what the header of the encrypted code says: no
// secret, but which KMS keys can decrypt it and under which context.
func (e CustomSender) CodeEnvelope() (CodeEnvelope, error) {
	b, err := e.Ciphertext()
	if err != nil {
		return CodeEnvelope{}, err
	}
	return ParseCodeEnvelope(b)
}

// CodeDecrypter decrypts an AWS Encryption SDK message, requiring the
// encryption context given: an adapter over the AWS Encryption SDK (or
// the Cryptographic Material Providers Library) with a KMS keyring for the
// user pool's key.
type CodeDecrypter interface {
	Decrypt(ctx context.Context, ciphertext []byte, encryptionContext map[string]string) ([]byte, error)
}

// DecryptCode returns the code in clear, decrypted by d with the event's
// [CustomSender.EncryptionContext]. An envelope whose header names
// another user pool is refused before d is called.
func (e CustomSender) DecryptCode(ctx context.Context, d CodeDecrypter) (string, error) {
	b, err := e.Ciphertext()
	if err != nil {
		return "", err
	}
	env, err := ParseCodeEnvelope(b)
	if err != nil {
		return "", err
	}
	if got, ok := env.EncryptionContext[EncryptionContextKey]; !ok || got != e.UserPoolID {
		return "", fmt.Errorf("cognito: the code was encrypted for user pool %q, not %q", got, e.UserPoolID)
	}
	plain, err := d.Decrypt(ctx, b, e.EncryptionContext())
	if err != nil {
		return "", fmt.Errorf("cognito: decrypting the code: %w", err)
	}
	return string(plain), nil
}

// CodeEnvelope is the header of an AWS Encryption SDK message
// (https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/message-format.html).
type CodeEnvelope struct {
	Version           int               // message format version, 1 or 2
	AlgorithmID       uint16            // the algorithm suite
	EncryptionContext map[string]string // the context stored in the header
	KeyIDs            []string          // the KMS key ARN of each aws-kms data key
}

// ProviderKMS is the key provider ID of data keys encrypted by AWS KMS.
const ProviderKMS = "aws-kms"

// ParseCodeEnvelope reads the header of an AWS Encryption SDK message, as
// far as its encrypted data keys.
func ParseCodeEnvelope(b []byte) (CodeEnvelope, error) {
	r := reader{b: b}
	var env CodeEnvelope
	switch v := r.byte(); v {
	case 1:
		env.Version = 1
		if t := r.byte(); r.err == nil && t != 0x80 {
			return env, fmt.Errorf("cognito: encryption SDK message of type %#x", t)
		}
		env.AlgorithmID = r.uint16()
		r.skip(16) // message ID
	case 2:
		env.Version = 2
		env.AlgorithmID = r.uint16()
		r.skip(32)
	default:
		if r.err == nil {
			return env, fmt.Errorf("cognito: not an encryption SDK message (version byte %#x)", v)
		}
	}
	if aad := r.uint16(); aad > 0 {
		ctx := reader{b: r.bytes(int(aad))}
		n := int(ctx.uint16())
		env.EncryptionContext = make(map[string]string, n)
		for range n {
			k := string(ctx.bytes(int(ctx.uint16())))
			env.EncryptionContext[k] = string(ctx.bytes(int(ctx.uint16())))
		}
		if ctx.err == nil && len(ctx.b) > 0 {
			ctx.err = errors.New("trailing bytes in the encryption context")
		}
		r.fail(ctx.err)
	}
	for range int(r.uint16()) {
		provider := string(r.bytes(int(r.uint16())))
		info := string(r.bytes(int(r.uint16())))
		r.skip(int(r.uint16())) // the encrypted data key
		if provider == ProviderKMS {
			env.KeyIDs = append(env.KeyIDs, info)
		}
	}
	if r.err != nil {
		return CodeEnvelope{}, fmt.Errorf("cognito: encryption SDK header: %w", r.err)
	}
	return env, nil
}

// reader reads big-endian fields, remembering the first error.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated")

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.fail(errShort)
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) skip(n int) { r.bytes(n) }

func (r *reader) byte() byte {
	if b := r.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) uint16() uint16 {
	if b := r.bytes(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}
