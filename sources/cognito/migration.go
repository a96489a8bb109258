package cognito

import (
	"errors"
	"fmt"
	"slices"

	"github.com/evplugin/evplugin/lossless"
)

// The trigger sources of the user migration trigger.
const (
	UserMigrationAuthentication = "UserMigration_Authentication" // sign-in of a user the pool does not have (with the password)
	UserMigrationForgotPassword = "UserMigration_ForgotPassword" // password reset of such a user (no password)
)

// The values of a user migration response.
const (
	FinalUserStatusConfirmed     = "CONFIRMED"      // the user signs in with the password given
	FinalUserStatusResetRequired = "RESET_REQUIRED" // the user must change the password at the next sign-in
	MessageActionSuppress        = "SUPPRESS"       // send no welcome message
	MessageActionResend          = "RESEND"         // send the welcome message again
	DeliveryMediumEmail          = "EMAIL"
	DeliveryMediumSMS            = "SMS"
)

// UserMigrationEvent is the event of the user migration trigger, which
// runs when a user the pool does not have signs in or resets a password:
// the handler looks the user up in the old directory and returns the
// user's attributes in the response, or returns an error when there is no
// such user.
type UserMigrationEvent struct {
	lossless.Extra
	Trigger
	Request  UserMigrationRequest  `json:"request"`
	Response UserMigrationResponse `json:"response"`
}

// IsForgotPassword reports whether the user resets a password (the
// request has no password) rather than signs in.
func (e UserMigrationEvent) IsForgotPassword() bool {
	return e.TriggerSource == UserMigrationForgotPassword
}

// UserMigrationRequest is what the user signs in with; the user name is
// the event's UserName.
type UserMigrationRequest struct {
	lossless.Extra
	// Password is the password the user entered, in clear: absent for
	// UserMigration_ForgotPassword.
	Password       string            `json:"password" sensitive:"true"`
	ValidationData map[string]string `json:"validationData"`
	ClientMetadata map[string]string `json:"clientMetadata"`
}

// UserMigrationResponse is the migrated user. The setters write the value
// given even when it is false; Validate checks the values against the
// ones Cognito accepts.
type UserMigrationResponse struct {
	lossless.Extra
	// UserAttributes are the attributes of the new user (text values).
	UserAttributes         map[string]string `json:"userAttributes"`
	FinalUserStatus        string            `json:"finalUserStatus"`        // FinalUserStatusConfirmed or FinalUserStatusResetRequired
	MessageAction          string            `json:"messageAction"`          // MessageActionSuppress, or absent to send the welcome message
	DesiredDeliveryMediums []string          `json:"desiredDeliveryMediums"` // DeliveryMediumEmail, DeliveryMediumSMS
	ForceAliasCreation     bool              `json:"forceAliasCreation"`     // move an email or phone alias from another user
	EnableSMSMFA           bool              `json:"enableSMSMFA"`           // turn on SMS MFA for the user
}

// SetUserAttribute sets one attribute of the migrated user.
func (r *UserMigrationResponse) SetUserAttribute(name, value string) {
	if r.UserAttributes == nil {
		r.UserAttributes = map[string]string{}
	}
	r.UserAttributes[name] = value
}

// SetFinalUserStatus sets the status of the migrated user:
// FinalUserStatusConfirmed or FinalUserStatusResetRequired.
func (r *UserMigrationResponse) SetFinalUserStatus(status string) error {
	if err := oneOf("finalUserStatus", status, FinalUserStatusConfirmed, FinalUserStatusResetRequired); err != nil {
		return err
	}
	r.FinalUserStatus = status
	return nil
}

// SetMessageAction sets what happens to the welcome message:
// MessageActionSuppress or MessageActionResend.
func (r *UserMigrationResponse) SetMessageAction(action string) error {
	if err := oneOf("messageAction", action, MessageActionSuppress, MessageActionResend); err != nil {
		return err
	}
	r.MessageAction = action
	return nil
}

// SetDesiredDeliveryMediums sets how the welcome message is sent:
// DeliveryMediumEmail, DeliveryMediumSMS or both; each at most once.
func (r *UserMigrationResponse) SetDesiredDeliveryMediums(mediums ...string) error {
	if err := checkMediums(mediums); err != nil {
		return err
	}
	r.DesiredDeliveryMediums = append([]string{}, mediums...)
	return nil
}

// SetForceAliasCreation sets forceAliasCreation, written even when false.
func (r *UserMigrationResponse) SetForceAliasCreation(force bool) {
	_ = lossless.Set(r, &r.ForceAliasCreation, force)
}

// SetEnableSMSMFA sets enableSMSMFA, written even when false.
func (r *UserMigrationResponse) SetEnableSMSMFA(enable bool) {
	_ = lossless.Set(r, &r.EnableSMSMFA, enable)
}

// Validate checks the response against the values Cognito accepts: a
// final status, message action and delivery mediums it knows (each
// optional), an email attribute for the EMAIL medium and a phone number
// for SMS and for SMS MFA.
func (r UserMigrationResponse) Validate() error {
	var errs []error
	if r.FinalUserStatus != "" {
		errs = append(errs, oneOf("finalUserStatus", r.FinalUserStatus, FinalUserStatusConfirmed, FinalUserStatusResetRequired))
	}
	if r.MessageAction != "" {
		errs = append(errs, oneOf("messageAction", r.MessageAction, MessageActionSuppress, MessageActionResend))
	}
	errs = append(errs, checkMediums(r.DesiredDeliveryMediums))
	if slices.Contains(r.DesiredDeliveryMediums, DeliveryMediumEmail) && r.UserAttributes["email"] == "" {
		errs = append(errs, errors.New("cognito: desiredDeliveryMediums EMAIL without an email attribute"))
	}
	if slices.Contains(r.DesiredDeliveryMediums, DeliveryMediumSMS) && r.UserAttributes["phone_number"] == "" {
		errs = append(errs, errors.New("cognito: desiredDeliveryMediums SMS without a phone_number attribute"))
	}
	if r.EnableSMSMFA && r.UserAttributes["phone_number"] == "" {
		errs = append(errs, errors.New("cognito: enableSMSMFA without a phone_number attribute"))
	}
	return errors.Join(errs...)
}

func checkMediums(mediums []string) error {
	for i, m := range mediums {
		if err := oneOf("desiredDeliveryMediums", m, DeliveryMediumEmail, DeliveryMediumSMS); err != nil {
			return err
		}
		if slices.Contains(mediums[:i], m) {
			return fmt.Errorf("cognito: desiredDeliveryMediums has %s twice", m)
		}
	}
	return nil
}

// oneOf is nil when v is one of allowed, else an error naming the member.
func oneOf(member, v string, allowed ...string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("cognito: %s %q is none of %q", member, v, allowed)
}
