// Package transfer models the event AWS Transfer Family sends to the Lambda
// function of a server with a custom identity provider, and the response
// that authenticates the user.
//
//	aws.transfer.authorizer  AuthorizerEvent  https://docs.aws.amazon.com/transfer/latest/userguide/custom-lambda-idp.html
//
// The server asks the function to authenticate a user who connects with a
// password or with an SSH key; for key authentication the event carries no
// password ([AuthorizerEvent.HasPassword]), and the response lists the
// user's public keys instead, which the server checks. The function
// answers with a [Response]: a user is authenticated when, and only when,
// its Role is set; [Deny] is the empty response that refuses the user.
//
// [NewPathResponse] and [NewLogicalResponse] build the response for a user
// whose home directory is a path or a set of logical mappings (for Amazon S3
// and Amazon EFS alike); [Response.SetPosixProfile] adds the POSIX identity
// EFS requires, [Response.AddPublicKeys] the keys of key authentication and
// [Response.SetPolicy] a session policy.
//
// The password is masked by the printer.
package transfer

//go:generate go run ../internal/genlossless

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/evplugin/evplugin/lossless"
	"github.com/evplugin/evplugin/registry"
	"github.com/evplugin/evplugin/sources"
	"github.com/evplugin/evplugin/sources/arn"
)

func init() {
	// password is absent for key authentication: never required.
	sources.Register[AuthorizerEvent]("aws.transfer.authorizer", "AWS Transfer Family custom identity provider", sources.PriorityShape,
		registry.All(registry.PathExists("serverId"), registry.PathExists("username"), registry.PathExists("protocol"),
			registry.PathExists("sourceIp")))
}

// The protocols a user connects with.
const (
	ProtocolSFTP = "SFTP"
	ProtocolFTPS = "FTPS"
	ProtocolFTP  = "FTP"
)

// AuthorizerEvent asks the function to authenticate a user.
type AuthorizerEvent struct {
	lossless.Extra
	Username string `json:"username"`
	Password string `json:"password" sensitive:"true"` // absent for SSH key authentication
	Protocol string `json:"protocol"`                  // SFTP, FTPS or FTP
	ServerID string `json:"serverId"`
	SourceIP string `json:"sourceIp"`
}

// HasPassword reports whether the user authenticates with a password: an
// event for SSH key authentication carries none (the key is checked by the
// server against the PublicKeys of the response).
func (e AuthorizerEvent) HasPassword() bool { return e.Password != "" }

// SourceAddr is SourceIP parsed, the address the user connects from.
func (e AuthorizerEvent) SourceAddr() (netip.Addr, error) {
	a, err := netip.ParseAddr(e.SourceIP)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("transfer: sourceIp: %w", err)
	}
	return a, nil
}

// The home directory types of a [Response].
const (
	HomeDirectoryPath    = "PATH"    // HomeDirectory is an absolute bucket or file system path
	HomeDirectoryLogical = "LOGICAL" // HomeDirectoryDetails maps visible paths to targets
)

// Response is what the function returns: the user's IAM role, home
// directory and, as needed, POSIX profile, public keys and session policy.
// The zero Response (marshalled as {}) denies the user.
type Response struct {
	// Role is the ARN of the IAM role giving the user access to the
	// bucket or file system; the user is authenticated if and only if it
	// is set.
	Role string `json:"Role,omitempty"`
	// PosixProfile is the user's POSIX identity, required for Amazon EFS.
	PosixProfile *PosixProfile `json:"PosixProfile,omitempty"`
	// PublicKeys are the SSH public keys valid for the user. Return none
	// for password authentication.
	PublicKeys []string `json:"PublicKeys,omitempty"`
	// Policy is a session policy, a JSON document as text.
	Policy string `json:"Policy,omitempty"`
	// HomeDirectoryType is HomeDirectoryPath or HomeDirectoryLogical.
	HomeDirectoryType string `json:"HomeDirectoryType,omitempty"`
	// HomeDirectoryDetails is, for a LOGICAL home directory, the JSON text
	// of the list of mappings (a string, not a JSON array: Transfer Family
	// reads it so); see [Response.HomeDirectoryMappings].
	HomeDirectoryDetails string `json:"HomeDirectoryDetails,omitempty"`
	// HomeDirectory is, for a PATH home directory, the landing directory:
	// /bucket/home/user or /fs-id/home/user.
	HomeDirectory string `json:"HomeDirectory,omitempty"`
}

// PosixProfile is a POSIX identity on Amazon EFS.
type PosixProfile struct {
	UID           int64   `json:"Uid"`
	GID           int64   `json:"Gid"`
	SecondaryGIDs []int64 `json:"SecondaryGids,omitempty"`
}

// HomeDirectoryMapping makes Target, a bucket or file system path, visible
// to the user as Entry.
type HomeDirectoryMapping struct {
	Entry  string `json:"Entry"`
	Target string `json:"Target"`
	// Type is FILE for a target that is a file, DIRECTORY (the default
	// when empty) for a directory.
	Type string `json:"Type,omitempty"`
}

// Deny returns the response that refuses the user: no role, {} in JSON.
func Deny() *Response { return &Response{} }

// NewPathResponse returns the response authenticating a user with role, an
// IAM role ARN, and homeDirectory, an absolute path ("/bucket/home/user",
// "/fs-12345678/home/user").
func NewPathResponse(role, homeDirectory string) (*Response, error) {
	r := &Response{Role: role, HomeDirectoryType: HomeDirectoryPath, HomeDirectory: homeDirectory}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// NewLogicalResponse returns the response authenticating a user with role,
// an IAM role ARN, and a logical home directory made of mappings, one or
// more (Entry "/" and Target "/bucket/home/user" locks the user into that
// directory).
func NewLogicalResponse(role string, mappings ...HomeDirectoryMapping) (*Response, error) {
	details, err := json.Marshal(mappings)
	if err != nil {
		return nil, fmt.Errorf("transfer: home directory mappings: %w", err)
	}
	r := &Response{Role: role, HomeDirectoryType: HomeDirectoryLogical, HomeDirectoryDetails: string(details)}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// SetPosixProfile sets the user's POSIX identity on Amazon EFS: uid, gid
// and any secondary group IDs. IDs are 0 to 4294967295.
func (r *Response) SetPosixProfile(uid, gid int64, secondaryGIDs ...int64) error {
	for _, id := range append([]int64{uid, gid}, secondaryGIDs...) {
		if id < 0 || id > 1<<32-1 {
			return fmt.Errorf("transfer: POSIX ID %d out of range 0 to 4294967295", id)
		}
	}
	r.PosixProfile = &PosixProfile{UID: uid, GID: gid, SecondaryGIDs: secondaryGIDs}
	return nil
}

// AddPublicKeys adds SSH public keys ("ssh-rsa AAAA...", "ssh-ed25519
// AAAA...") valid for the user, for key authentication. A key that is
// empty or not of the form "type base64 [comment]" is an error, and no key
// is added.
func (r *Response) AddPublicKeys(keys ...string) error {
	for _, k := range keys {
		if f := strings.Fields(k); len(f) < 2 || !strings.Contains(f[0], "-") {
			return fmt.Errorf("transfer: %q is no SSH public key", k)
		}
	}
	r.PublicKeys = append(r.PublicKeys, keys...)
	return nil
}

// SetPolicy sets the session policy: policy is the JSON text of the policy
// document (a string), or a value marshalled to it (a map, a struct).
func (r *Response) SetPolicy(policy any) error {
	var text string
	switch p := policy.(type) {
	case string:
		text = p
	case []byte:
		text = string(p)
	default:
		b, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("transfer: policy: %w", err)
		}
		text = string(b)
	}
	if !json.Valid([]byte(text)) || !strings.HasPrefix(strings.TrimSpace(text), "{") {
		return errors.New("transfer: policy: not a JSON object")
	}
	r.Policy = text
	return nil
}

// HomeDirectoryMappings decodes HomeDirectoryDetails; nil, and no error,
// when there are none.
func (r *Response) HomeDirectoryMappings() ([]HomeDirectoryMapping, error) {
	if r.HomeDirectoryDetails == "" {
		return nil, nil
	}
	var m []HomeDirectoryMapping
	if err := json.Unmarshal([]byte(r.HomeDirectoryDetails), &m); err != nil {
		return nil, fmt.Errorf("transfer: HomeDirectoryDetails: %w", err)
	}
	return m, nil
}

// Validate checks r as Transfer Family reads it. The empty response (a
// denial) is valid. Otherwise Role is an IAM role ARN; a PATH home
// directory has an absolute HomeDirectory, a LOGICAL one at least one
// mapping with an absolute Entry and Target (Type FILE, DIRECTORY or
// empty); no other home directory type exists; a policy is a JSON object.
func (r *Response) Validate() error {
	if r.Role == "" {
		if r.PosixProfile == nil && len(r.PublicKeys) == 0 && r.Policy == "" && r.HomeDirectoryType == "" &&
			r.HomeDirectoryDetails == "" && r.HomeDirectory == "" {
			return nil // Deny
		}
		return errors.New("transfer: a response without Role denies the user: set Role, or return Deny()")
	}
	if a, err := arn.Parse(r.Role); err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return fmt.Errorf("transfer: Role %q is no IAM role ARN", r.Role)
	}
	switch r.HomeDirectoryType {
	case HomeDirectoryPath, "":
		if r.HomeDirectoryType == HomeDirectoryPath && r.HomeDirectory == "" {
			return errors.New("transfer: a PATH home directory needs HomeDirectory")
		}
		if r.HomeDirectory != "" && !strings.HasPrefix(r.HomeDirectory, "/") {
			return fmt.Errorf("transfer: HomeDirectory %q is not an absolute path", r.HomeDirectory)
		}
		if r.HomeDirectoryDetails != "" {
			return errors.New("transfer: HomeDirectoryDetails needs a LOGICAL home directory")
		}
	case HomeDirectoryLogical:
		m, err := r.HomeDirectoryMappings()
		if err != nil {
			return err
		}
		if len(m) == 0 {
			return errors.New("transfer: a LOGICAL home directory needs at least one mapping")
		}
		for _, e := range m {
			if !strings.HasPrefix(e.Entry, "/") || !strings.HasPrefix(e.Target, "/") {
				return fmt.Errorf("transfer: mapping %q -> %q: Entry and Target are absolute paths", e.Entry, e.Target)
			}
			if e.Type != "" && e.Type != "FILE" && e.Type != "DIRECTORY" {
				return fmt.Errorf("transfer: mapping %q: Type %q is neither FILE nor DIRECTORY", e.Entry, e.Type)
			}
		}
	default:
		return fmt.Errorf("transfer: HomeDirectoryType %q is neither PATH nor LOGICAL", r.HomeDirectoryType)
	}
	if r.Policy != "" && (!json.Valid([]byte(r.Policy)) || !strings.HasPrefix(strings.TrimSpace(r.Policy), "{")) {
		return errors.New("transfer: Policy: not a JSON object")
	}
	return nil
}
