from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from erfaringssentrum.core.search import MAX_QUERY_LENGTH, clean_query


class FaqFilterForm(forms.Form):
    """Filter and search on the FAQ page; sent with GET so every view can be linked to."""

    mark_optional_fields = False  # a filter: every field may be left empty

    q = forms.CharField(
        label="Søk i spørsmål og svar",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    kategori = forms.ChoiceField(
        label="Kategori",
        required=False,
        error_messages={"invalid_choice": "Vi kjenner ikke den kategorien. Velg en fra listen."},
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        # The categories are already loaded by the view: no extra query for the choices.
        self.categories_by_slug = {category.slug: category for category in categories}
        self.fields["kategori"].choices = [("", "Alle kategorier")] + [
            (category.slug, category.name) for category in categories
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "faq-filter mb-4"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6"),
                Column("kategori", css_class="col-md-4"),
                Column(
                    StrictButton("Vis", type="submit", css_class="btn-primary mb-3"),
                    css_class="col-md-2 d-flex align-items-end",
                ),
            )
        )

    def clean_q(self):
        # Long or odd input is trimmed, not refused: a search box should never scold.
        return clean_query(self.cleaned_data.get("q"))

    def clean_kategori(self):
        return self.categories_by_slug.get(self.cleaned_data.get("kategori"))
