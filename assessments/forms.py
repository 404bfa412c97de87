import re
from datetime import date, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from . import services
from .addresses import normalise_domain
from .models import Format, Slot, TrustedEmailDomain
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
PHONE = re.compile(r"^\+?[\d\s]{8,20}$")


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
    organisation = forms.CharField(
        label="NAV-kontor eller tiltak",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text="For eksempel «NAV Grünerløkka» eller navnet på tiltaket.",
        error_messages={"required": "Skriv inn NAV-kontoret eller tiltaket ditt."},
    )
    adviser_role = forms.CharField(
        label="Din rolle",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        help_text="For eksempel veileder eller jobbkonsulent.",
        error_messages={"required": "Skriv inn rollen din, for eksempel veileder."},
    )
    phone = forms.CharField(
        label="Telefonnummeret ditt",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=(
            "Må fylles ut når samtalen er på telefon: da ringer vi dette nummeret når "
            "samtalen starter. Ellers valgfritt, og brukes bare hvis vi må nå deg."
        ),
    )
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
            "Valgfritt. Da får kandidaten sin egen invitasjon og kan bekrefte med ett klikk, "
            "uten å lage konto."
        ),
    )
    adviser_attends = forms.TypedChoiceField(
        label="Blir du med i samtalen?",
        choices=[("ja", "Ja, jeg blir med"), ("nei", "Nei, kandidaten deltar alene")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Svar på om du blir med i samtalen."},
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

    def __init__(self, *args, slot_queryset, slot_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slot_queryset
        if slot_choices is not None:
            self.show_slot_choices(slot_choices)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            "slot",
            Fieldset("Om deg", "organisation", "adviser_role", "phone"),
            Fieldset(
                "Om kandidaten og samtalen",
                "candidate_name",
                "candidate_email",
                "adviser_attends",
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
        field = self.fields["slot"]
        field.widget = forms.RadioSelect(
            choices=[(slot.pk, field.label_from_instance(slot)) for slot in slots]
        )
        field.label = "Velg en annen ledig tid"

    def clean(self):
        cleaned = super().clean()
        slot = cleaned.get("slot")
        if slot and slot.format == Format.PHONE and not cleaned.get("phone"):
            self.add_error("phone", "Samtalen er på telefon, så vi trenger et nummer å ringe.")
        return cleaned

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError("Skriv et telefonnummer med 8 sifre, gjerne med +47 foran.")
        return phone


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
            ends = cleaned["ends_at"] = starts + timedelta(hours=1)
        consultant = cleaned.get("consultant")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "Slutt må være etter start.")
        elif starts and ends and consultant:
            try:
                services.slot_check_overlap(
                    consultant=consultant,
                    starts_at=starts,
                    ends_at=ends,
                    exclude_pk=self.instance.pk,
                )
            except services.SlotOverlap as error:
                raise ValidationError(error.message) from None
        return cleaned


class CancelWithMessageForm(forms.Form):
    message = forms.CharField(
        label="Melding til veilederen",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sendes på e-post sammen med avbestillingen.",
    )


class TrustedEmailDomainForm(forms.ModelForm):
    class Meta:
        model = TrustedEmailDomain
        fields = ["domain", "include_subdomains"]

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
    message = f"Velg en dato mellom {first:%d.%m.%Y} og {last:%d.%m.%Y}."
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
