"""allauth's forms with messages that say what to do (ACCOUNT_FORMS, MFA_FORMS).

The fields, their checks and their `autocomplete` stay allauth's; only what a person reads
when something is missing changes, and the placeholders go (they repeat the label and vanish
while one types, which Aksel and GOV.UK advise against). One check differs: an extra address
another account added but never confirmed does not block a signup or a password reset.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

from .services import email_address_holders

EMAIL = {
    "required": "Skriv inn e-postadressen din.",
    "invalid": "Skriv inn e-postadressen din slik: navn@eksempel.no.",
}
CURRENT_PASSWORD = {"required": "Skriv inn passordet ditt."}
NEW_PASSWORD = {"required": "Skriv inn et nytt passord."}
NEW_PASSWORD_AGAIN = {"required": "Skriv inn det nye passordet en gang til."}
CODE = {"required": "Skriv inn koden fra autentiseringsappen."}


class PlainMessagesMixin:
    field_messages: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages.update(self.field_messages.get(name, {}))
            field.widget.attrs.pop("placeholder", None)


class LoginForm(PlainMessagesMixin, account_forms.LoginForm):
    field_messages = {"login": EMAIL, "password": CURRENT_PASSWORD}


class SignupForm(PlainMessagesMixin, account_forms.SignupForm):
    field_messages = {
        "name": {"required": "Skriv inn navnet ditt."},
        "email": EMAIL,
        "password1": {"required": "Skriv inn et passord."},
        "password2": {"required": "Skriv inn passordet en gang til."},
    }

    def validate_unique_email(self, value):
        # allauth counts another account's unconfirmed extra address as taken.
        if not email_address_holders(value).exists():
            self.account_already_exists = False
            return value
        return super().validate_unique_email(value)


class AddEmailForm(PlainMessagesMixin, account_forms.AddEmailForm):
    field_messages = {
        "email": {
            "required": "Skriv inn den nye e-postadressen.",
            "invalid": "Skriv inn e-postadressen slik: navn@eksempel.no.",
        }
    }


class ChangePasswordForm(PlainMessagesMixin, account_forms.ChangePasswordForm):
    field_messages = {
        "oldpassword": {"required": "Skriv inn passordet du har nå."},
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD_AGAIN,
    }


class ResetPasswordForm(PlainMessagesMixin, account_forms.ResetPasswordForm):
    field_messages = {"email": EMAIL}

    def clean_email(self):
        email = super().clean_email()
        # Only an account that holds the address: not one that added it unconfirmed, whose
        # password its real owner would otherwise be sent a link to set.
        holders = set(email_address_holders(email).values_list("pk", flat=True))
        self.users = [user for user in self.users if user.pk in holders]
        return email


class ResetPasswordKeyForm(PlainMessagesMixin, account_forms.ResetPasswordKeyForm):
    field_messages = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ReauthenticateForm(PlainMessagesMixin, account_forms.ReauthenticateForm):
    field_messages = {"password": CURRENT_PASSWORD}


class AuthenticateForm(PlainMessagesMixin, mfa_forms.AuthenticateForm):
    field_messages = {"code": CODE}


class MfaReauthenticateForm(PlainMessagesMixin, mfa_forms.ReauthenticateForm):
    field_messages = {"code": CODE}


class ActivateTOTPForm(PlainMessagesMixin, totp_forms.ActivateTOTPForm):
    field_messages = {"code": CODE}
