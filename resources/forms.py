from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from erfaringssentrum.core.search import MAX_QUERY_LENGTH, clean_query

from .conf import max_upload_bytes
from .models import Kind, Resource
from .selfcheck import QUESTIONS, SCALE

PDF_MAGIC = b"%PDF-"
# Paths under /ressurser/ that are pages of their own, not resources.
RESERVED_SLUGS = {"passer-jeg", "feed"}
# A video or a link is nothing but the place it points to: without it the page is empty.
LINKS_OUT = {
    Kind.VIDEO: "En video må ha en ekstern lenke til der videoen ligger.",
    Kind.LINK: "En ressurs av typen «Lenke» må ha en ekstern lenke.",
}


class ResourceFilterForm(forms.Form):
    """The GET form above the list. An unknown value is ignored (and marked), never an error
    page, so that old or hand-edited links still show the library."""

    mark_optional_fields = False  # a filter: every field may be left empty

    q = forms.CharField(
        label="Søk i ressursene",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Alle typer"), *Kind.choices]
    )
    malgruppe = forms.ChoiceField(label="Målgruppe", required=False)

    def __init__(self, *args, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences = {audience.slug: audience for audience in audiences}
        self.fields["malgruppe"].choices = [("", "Alle målgrupper")] + [
            (audience.slug, audience.name) for audience in audiences
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Ukjent valg – viser alle."

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])

    def filters(self) -> dict:
        """The valid filters as keyword arguments for `Resource.objects.library()`."""
        self.is_valid()  # on a bound form, fills cleaned_data with the fields that are valid
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("type", ""),
            "audience": self.audiences.get(data.get("malgruppe", "")),
            "query": data.get("q", ""),
        }


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "kind",
            "audiences",
            "summary",
            "body",
            "external_url",
            "pdf",
            "is_published",
            "published_at",
            "is_featured",
        ]
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pdf" in self.fields:  # not there for staff who may only view
            self.fields["pdf"].help_text = (
                f"Bare PDF, høyst {filesizeformat(max_upload_bytes())}. "
                "Filen vises med størrelse på ressurssiden."
            )
            self.fields["pdf"].widget.attrs["accept"] = "application/pdf,.pdf"
            # Django puts the file input in a fieldset whose legend does not label the input.
            self.fields["pdf"].widget.attrs["aria-label"] = self.fields["pdf"].label

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                "«%(slug)s» er en egen side under /ressurser/. Velg en annen nettadresse.",
                params={"slug": slug},
            )
        return slug

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if isinstance(upload, UploadedFile):
            validate_pdf_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if (
            kind in LINKS_OUT
            and not cleaned.get("external_url")
            and not self.has_error("external_url")
        ):
            self.add_error("external_url", LINKS_OUT[kind])
        return cleaned


def validate_pdf_upload(upload: UploadedFile) -> None:
    """Only real PDF files (by content, not by name) up to the size limit."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            "Filen er for stor (%(size)s). Den kan være høyst %(limit)s.",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if not upload.name.lower().endswith(".pdf"):
        raise forms.ValidationError("Filen må være en PDF (filnavnet skal slutte på .pdf).")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise forms.ValidationError(
            "Filen er ikke en gyldig PDF. Lagre dokumentet som PDF og last det opp på nytt."
        )


class SelfCheckForm(forms.Form):
    """The six reflection questions; built from selfcheck.QUESTIONS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=SCALE,
                widget=forms.RadioSelect,
                error_messages={"required": f"Velg et svar på «{question.text}»"},
            )
