import re
from datetime import date, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from erfaringssentrum.core import dates
from erfaringssentrum.core.adviser_fields import (
    organisation_field,
    phone_field,
    role_field,
    validate_phone_number,
)
from erfaringssentrum.core.forms import required_when_asked

from . import services
from .addresses import normalise_domain
from .models import CallTo, Format, Slot, TrustedEmailDomain
from .validators import FIRST_NAME_MAX_LENGTH, validate_first_name

# Bump the version whenever CONSENT_TEXT changes; each booking stores the version it was given.
CONSENT_VERSION = "2026-11b"
CONSENT_TEXT = (
    "Kandidaten vet om og har sagt ja til at jeg melder hen på en vurderingssamtale hos "
    "Erfaringssentrum, og at senteret får opplysningene i dette skjemaet."
)
SENSITIVE_REMINDER = (
    "Ikke skriv helseopplysninger, diagnoser eller fødselsnummer. Slikt tar vi i samtalen, "
    "hvis kandidaten selv vil."
)
# Eleven digits in a row, possibly with a space after the birth date: a national identity number.
IDENTITY_NUMBER = re.compile(r"\b\d{6}\s?\d{5}\b")


def no_identity_number(value: str) -> None:
    if IDENTITY_NUMBER.search(value or ""):
        raise ValidationError(
            "Det ser ut som et fødselsnummer. Fjern det – vi trenger det ikke.",
            code="identity_number",
        )


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        place = f", {obj.location}" if obj.format == Format.IN_PERSON and obj.location else ""
        return f"{obj.label()} – {obj.get_format_display().lower()}{place}"


class BookingForm(forms.Form):
    slot = SlotChoiceField(
        label="Tid",
        queryset=Slot.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Velg en av de ledige tidene.",
            "required": "Velg en tid.",
        },
    )
    organisation = organisation_field()
    adviser_role = role_field()
    phone = phone_field(help_text="Vi bruker det bare hvis vi må nå deg om bookingen.")
    candidate_name = forms.CharField(
        label="Kandidatens fornavn",
        # The validator checks the length, so the field gets one message, not two. The name is
        # the candidate's, not the adviser's: the browser must not fill in the adviser's own.
        widget=forms.TextInput(
            attrs={"maxlength": FIRST_NAME_MAX_LENGTH, "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text="Bare fornavnet, med bokstaver – ikke etternavn. Det står i invitasjonen "
        "til kandidaten.",
        validators=[validate_first_name],
        error_messages={"required": "Skriv inn kandidatens fornavn."},
    )
    candidate_email = forms.EmailField(
        label="Kandidatens e-postadresse",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Skriv inn kandidatens e-postadresse slik: navn@eksempel.no.",
        },
        help_text=(
            "Da får kandidaten sin egen invitasjon og kan bekrefte med ett klikk, uten å lage "
            "konto."
        ),
    )
    adviser_attends = forms.TypedChoiceField(
        label="Blir du med i samtalen?",
        choices=[("ja", "Ja, jeg blir med"), ("nei", "Nei, kandidaten deltar alene")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Svar på om du blir med i samtalen."},
    )
    # Asked only when the appointment is on the phone, and then required (clean()).
    call_to = required_when_asked(
        forms.ChoiceField(
            label="Hvem skal vi ringe?",
            choices=[
                (CallTo.CANDIDATE, "Kandidaten, på kandidatens eget nummer"),
                (CallTo.ADVISER, "Meg – kandidaten sitter sammen med meg"),
            ],
            widget=forms.RadioSelect,
            required=False,
            help_text="Blir du ikke med i samtalen, ringer vi kandidaten.",
        )
    )
    call_number = required_when_asked(
        forms.CharField(
            label="Nummeret vi ringer",
            max_length=20,
            required=False,
            widget=forms.TextInput(
                attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}
            ),
            validators=[validate_phone_number],
            help_text="Kandidatens nummer, eller ditt hvis vi ringer deg. 8 sifre, gjerne med +47.",
        )
    )
    question = forms.CharField(
        label="Hva ønsker dere å få avklart?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Skriv kort, høyst 500 tegn. " + SENSITIVE_REMINDER,
        validators=[no_identity_number],
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": "Kryss av for at kandidaten har sagt ja til at du melder hen på."
        },
    )

    def __init__(self, *args, slot_queryset, slot_choices=None, phone_slot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slot_queryset
        self.phone_slot = phone_slot
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        if slot_choices is not None:
            self.show_slot_choices(slot_choices)
        else:
            self._build_layout()

    def _build_layout(self):
        # Whom we call is asked only when the appointment is (or may become) on the phone.
        phone = [Fieldset("Telefonsamtalen", "call_to", "call_number")] if self.phone_slot else []
        self.helper.layout = Layout(
            "slot",
            Fieldset("Om deg", "organisation", "adviser_role", "phone"),
            Fieldset(
                "Om kandidaten og samtalen",
                "candidate_name",
                "candidate_email",
                "adviser_attends",
            ),
            *phone,
            Fieldset(
                "Hva samtalen skal handle om",
                HTML(
                    '<p class="alert alert-warning" id="sensitiv-paaminnelse">'
                    f"<strong>Husk:</strong> {SENSITIVE_REMINDER}</p>"
                ),
                "question",
                "consent",
            ),
            Div(Submit("submit", "Book samtalen"), css_class="mt-3"),
        )

    def show_slot_choices(self, slots):
        """Turns the hidden slot into a list of the remaining free slots to pick from."""
        slots = list(slots)
        field = self.fields["slot"]
        field.widget = forms.RadioSelect(
            choices=[(slot.pk, field.label_from_instance(slot)) for slot in slots]
        )
        field.label = "Velg en annen ledig tid"
        self.phone_slot = self.phone_slot or any(slot.format == Format.PHONE for slot in slots)
        self._build_layout()

    def clean(self):
        cleaned = super().clean()
        slot = cleaned.get("slot")
        if slot and slot.format == Format.PHONE:
            self._clean_phone_call(cleaned)
        else:
            cleaned["call_to"] = cleaned["call_number"] = ""
        return cleaned

    def _clean_phone_call(self, cleaned):
        """Per-field messages for the rule the service holds (services.phone_call_problem)."""
        call_to, number = cleaned.get("call_to", ""), cleaned.get("call_number", "")
        if not call_to:
            self.add_error("call_to", "Samtalen er på telefon. Velg hvem vi skal ringe.")
        elif call_to == CallTo.ADVISER and cleaned.get("adviser_attends") is False:
            self.add_error("call_to", services.ALONE_MEANS_CALL_THE_CANDIDATE)
        if not number and "call_number" not in self.errors:
            self.add_error("call_number", "Skriv nummeret vi skal ringe.")


class MoveBookingForm(forms.Form):
    """Pick the new time for a booking. Any slot id validates; the service decides whether
    it can still be had (it may have been booked since the page was shown)."""

    slot = SlotChoiceField(
        label="Velg ny tid",
        queryset=Slot.objects.all(),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Velg en av de ledige tidene.",
            "required": "Velg den nye tiden.",
        },
    )

    def __init__(self, *args, free_slots, with_consultant=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_consultant = with_consultant
        self.show_free_slots(free_slots)

    def show_free_slots(self, free_slots):
        field = self.fields["slot"]
        field.widget.choices = [(slot.pk, self._label(slot)) for slot in free_slots]

    def _label(self, slot):
        text = self.fields["slot"].label_from_instance(slot)
        if self.with_consultant:
            text += f" ({slot.consultant.get_full_name()})"
        if not slot.is_published:
            text += " – ikke publisert"
        return text


class CandidateCorrectionForm(forms.Form):
    """«Rettelser»: the candidate's first name and address, as asked on the booking form."""

    candidate_name = BookingForm.base_fields["candidate_name"]
    candidate_email = BookingForm.base_fields["candidate_email"]


class CandidateConfirmForm(forms.Form):
    """The candidate's own page: confirm, and a yes or no to adaptation (no free text: what
    they need is for them to tell the consultant, not for a form)."""

    needs_adaptation = forms.BooleanField(
        label="Jeg trenger tilrettelegging",
        required=False,
        help_text="Kryss av hvis du trenger noe for å kunne delta, for eksempel tolk, pauser "
        "eller trinnfri adkomst. Du trenger ikke skrive hva – vi tar kontakt og spør.",
    )
    # The slot the page showed: a time changed since is not confirmed unseen.
    tid = forms.IntegerField(required=False, widget=forms.HiddenInput)


WEEKDAYS = [
    (0, "Mandag"),
    (1, "Tirsdag"),
    (2, "Onsdag"),
    (3, "Torsdag"),
    (4, "Fredag"),
]


def consultant_queryset():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("name")


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class BulkSlotForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label="Ukedager",
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Velg minst én ukedag."},
    )
    start_time = forms.TimeField(
        label="Starttid",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Norsk tid, for eksempel 10:00.",
    )
    duration_minutes = forms.IntegerField(
        label="Varighet (minutter)", min_value=15, max_value=240, initial=60
    )
    weeks_ahead = forms.IntegerField(
        label="Antall uker fremover",
        min_value=1,
        max_value=26,
        initial=4,
        help_text="Tidene lages fra i morgen og så mange uker frem.",
    )
    format = forms.ChoiceField(label="Form", choices=Format.choices)
    location = forms.CharField(
        label="Sted eller videolenke",
        max_length=300,
        required=False,
        help_text=Slot._meta.get_field("location").help_text,
    )
    consultant = ConsultantChoiceField(
        label="Ansvarlig konsulent", queryset=consultant_queryset(), empty_label=None
    )
    is_published = forms.BooleanField(label="Publiser med en gang", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultant_queryset()


class SlotAdminForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["starts_at", "ends_at", "format", "location", "consultant", "is_published"]
        field_classes = {"consultant": ConsultantChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "consultant" in self.fields:  # read-only once the slot is booked
            self.fields["consultant"].queryset = consultant_queryset()
        if not self.instance.pk:
            self.fields["ends_at"].required = False
            self.fields["ends_at"].help_text = "Tomt gir én time etter start."

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and not ends:
            cleaned["ends_at"] = starts + timedelta(hours=1)
        # The rules (end after start, no overlap, a booked slot stays put) are checked by
        # slot_create and slot_update, under the consultant's lock, when the admin saves.
        return cleaned

    def validate_constraints(self):
        # slot_create and slot_update say it beside the field (end after start).
        pass


class TrustedEmailDomainForm(forms.ModelForm):
    class Meta:
        model = TrustedEmailDomain
        fields = ["domain", "include_subdomains"]
        help_texts = {
            "domain": "Det som står etter @ i adressen, for eksempel nav.no. Veiledere som "
            "venter med en bekreftet adresse på domenet, blir godkjent når du lagrer, og får "
            "e-post om det.",
        }

    def clean_domain(self):
        # "@NAV.no" and "nav.no" are the same entry; unique is checked on the clean value.
        return normalise_domain(self.cleaned_data["domain"])


class RejectAdviserForm(forms.Form):
    reason = forms.CharField(
        label="Begrunnelse til veilederen",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sendes på e-post. Si gjerne hva som skal til for å bli godkjent, for "
        "eksempel å registrere seg med jobbadressen.",
        error_messages={"required": "Skriv en begrunnelse. Den sendes til veilederen."},
    )


# Bookings exist between these: a date far outside is a typing error (and year 1 or 9999 would
# overflow when turned into a time in UTC).
EXPORT_DATES = (date(2020, 1, 1), date(2100, 12, 31))


def export_date_field(label):
    first, last = EXPORT_DATES
    message = f"Velg en dato mellom {dates.plain_date(first)} og {dates.plain_date(last)}."
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[
            MinValueValidator(first, message=message),
            MaxValueValidator(last, message=message),
        ],
    )


class ExportForm(forms.Form):
    date_from = export_date_field("Fra og med")
    date_to = export_date_field("Til og med")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to"):
            if cleaned["date_to"] < cleaned["date_from"]:
                raise ValidationError("«Til og med» kan ikke være før «fra og med».")
            if (cleaned["date_to"] - cleaned["date_from"]).days > 3 * 366:
                raise ValidationError("Velg en periode på høyst tre år.")
        return cleaned

    @staticmethod
    def default_initial():
        today = timezone.localdate()
        return {"date_from": today.replace(day=1), "date_to": today}


class WeekForm(forms.Form):
    """The week view's choices (GET): which week (any day in it) and which consultant."""

    uke = forms.DateField(
        label="Uke med dagen",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    konsulent = ConsultantChoiceField(
        label="Konsulent",
        queryset=consultant_queryset(),
        required=False,
        empty_label="Alle konsulenter",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["konsulent"].queryset = consultant_queryset()

    def clean_uke(self):
        day = self.cleaned_data["uke"]
        if day is not None and not 2000 <= day.year <= 2100:
            raise ValidationError("Velg en uke mellom år 2000 og 2100.")
        return day
