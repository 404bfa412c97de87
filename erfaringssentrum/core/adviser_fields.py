"""One set of labels and help texts for what advisers tell us about themselves: on Min side
(«Mine opplysninger»), on the booking form and on the course signup form, so the same thing
is asked the same way everywhere (and filled in from the account)."""

import re

from django import forms
from django.core.exceptions import ValidationError

PHONE_NUMBER = re.compile(r"^\+?[\d\s]{8,20}$")
PHONE_NUMBER_MESSAGE = "Skriv et telefonnummer med 8 sifre, gjerne med +47 foran."


def validate_phone_number(value: str) -> None:
    if value and not PHONE_NUMBER.match(value.strip()):
        raise ValidationError(PHONE_NUMBER_MESSAGE, code="phone")


def one_line(value: str) -> str:
    """What a one-line field holds, as it is stored: any run of spaces, tabs and line breaks
    (Unicode's too) becomes one space. The name, workplace and role are written into the
    plain-text e-mails staff read, where a line break would let whoever typed them add lines
    of their own to an e-mail from the centre."""
    return " ".join(value.split())


# The workplace is kept for statistics after a booking is anonymised: no address in it.
ORGANISATION_WITH_ADDRESS = "Skriv bare navnet på arbeidsstedet, uten e-postadresse."


def contains_email_address(value: str) -> bool:
    return "@" in value


def no_email_address(value: str) -> None:
    if contains_email_address(value):
        raise ValidationError(ORGANISATION_WITH_ADDRESS, code="email_in_name")


def organisation_field(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Arbeidssted",
        max_length=150,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        validators=[no_email_address],
        help_text="NAV-kontoret eller tiltaket du jobber for, for eksempel «NAV Grünerløkka».",
        error_messages={"required": "Skriv inn hvor du jobber, for eksempel NAV-kontoret."},
    )


def role_field(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Rolle",
        max_length=100,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        help_text="For eksempel veileder, jobbspesialist eller leder.",
        error_messages={"required": "Skriv inn rollen din, for eksempel veileder."},
    )


def phone_field(*, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label="Telefonnummeret ditt",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        validators=[validate_phone_number],
        help_text=help_text or "Vi bruker det bare hvis vi må nå deg.",
    )


def initial_from_account(user) -> dict:
    """What the account has stored, for a form's initial values (empty ones left out)."""
    values = {"organisation": user.organisation, "role": user.role, "phone": user.phone}
    return {name: value for name, value in values.items() if value}
