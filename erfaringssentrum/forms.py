from django import forms


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
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
