from datetime import datetime

from django import forms

from erfaringssentrum.core.adviser_fields import organisation_field, role_field

from .models import PollAnswer, Signup


class SignupForm(forms.ModelForm):
    # The same labels as the booking form and Min side, filled in from the account.
    organisation = organisation_field()
    role = role_field()

    class Meta:
        model = Signup
        fields = ["organisation", "role", "comment"]
        labels = {"comment": "Kommentar"}
        help_texts = {
            "comment": "Er det noe vi bør vite? For eksempel om du trenger tilrettelegging."
        }
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class PollForm(forms.Form):
    """One yes / maybe / no question per proposed date. A question's name holds the date's
    time as well as its id: an answer sent from a page that showed another time for the date
    (staff moved it meanwhile) answers no question here, so the person is asked again."""

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            required = f"Velg ja, kanskje eller nei for {option}."
            if self._answered_at_another_time(option):
                required = (
                    f"Dette forslaget er flyttet til {option} siden du åpnet siden. "
                    "Velg ja, kanskje eller nei på nytt."
                )
            self.fields[self.field_name(option)] = forms.ChoiceField(
                label=str(option),
                choices=PollAnswer.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": required},
            )

    @staticmethod
    def field_name(option) -> str:
        return f"dato_{option.pk}_{int(option.starts_at.timestamp())}"

    def _answered_at_another_time(self, option) -> bool:
        prefix = f"dato_{option.pk}_"
        return any(
            name.startswith(prefix) and name != self.field_name(option) for name in self.data
        )

    def answers(self) -> dict[int, str]:
        return {option.pk: self.cleaned_data[self.field_name(option)] for option in self.options}

    def times_shown(self) -> dict[int, datetime]:
        return {option.pk: option.starts_at for option in self.options}


class DateChoiceForm(forms.Form):
    KEEP = "keep"
    DEFER = "defer"
    choice = forms.ChoiceField(
        label="Hva vil du gjøre?",
        choices=[
            (KEEP, "Jeg beholder plassen og kommer på denne datoen"),
            (DEFER, "Jeg gir fra meg plassen og står først i køen til neste runde"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Velg om du beholder plassen eller gir den fra deg."},
    )
