from django import forms

from .core.adviser_fields import organisation_field, phone_field, role_field
from .services import user_signed_up


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth calls `signup()` after saving)."""

    name = forms.CharField(
        label="Navn",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Fornavn og etternavn, slik vi skal bruke det i e-post til deg.",
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        user_signed_up(user=user, name=self.cleaned_data["name"])


class MyDetailsForm(forms.Form):
    """«Mine opplysninger» on Min side: filled in on every booking and course signup form."""

    organisation = organisation_field(required=False)
    role = role_field(required=False)
    phone = phone_field(help_text="Vi fyller det inn i bookingskjemaet for deg.")
