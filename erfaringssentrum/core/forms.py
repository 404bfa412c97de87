"""The one way every form on the site shows its fields and its mistakes.

It follows GOV.UK's and NAV Aksel's pattern: the server validates (no `required`, so the
browser's own pop-ups in the browser's language never stand in for our messages), an error
summary right after the h1 lists every mistake with a link to its field, and each field
points with `aria-describedby` to its hint and its error message. Required fields are not
marked; a field one may leave empty says « (valgfritt)» after its label, taken from
`field.required` (`SiteBoundField.optional_marker`). Crispy forms' bootstrap5 templates and
allauth's element templates both render through it.
"""

from dataclasses import dataclass

from django.forms import BoundField, CheckboxInput, Field
from django.forms.renderers import DjangoTemplates

ERROR_SUMMARY_TITLE = "Du må rette dette før du kan gå videre"
OPTIONAL_MARKER = " (valgfritt)"


def required_when_asked(field: Field) -> Field:
    """For a field that is `required=False` only because the form asks it in some cases and
    `clean()` then requires it (whom to call, for a phone appointment): its label does not
    say «(valgfritt)»."""
    field.required_when_asked = True
    return field


class SiteBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        attrs.pop("required", None)
        return attrs

    @property
    def optional_marker(self) -> str:
        """« (valgfritt)» after the label when the field may be left empty. Not after a single
        checkbox (leaving it unticked is an answer; its label says what ticking means, as
        Aksel's checkbox does), and not in a form that sets `mark_optional_fields = False`
        (search filters, where every field may be left empty)."""
        field = self.field
        if (
            field.required
            or getattr(field, "required_when_asked", False)
            or isinstance(field.widget, CheckboxInput)
            or not getattr(self.form, "mark_optional_fields", True)
        ):
            return ""
        return OPTIONAL_MARKER

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the input itself, or a group's first option."""
        if self.is_hidden or not self.auto_id:
            return ""
        if self.use_fieldset:  # radio buttons and checkbox lists: their first option
            return f"{self.auto_id}_0"
        return self.id_for_label


class SiteFormRenderer(DjangoTemplates):
    """FORM_RENDERER: gives every form, allauth's and the admin's too, `SiteBoundField`."""

    bound_field_class = SiteBoundField


@dataclass(frozen=True)
class SummaryItem:
    message: str
    target_id: str  # "" when there is no field to go to (a mistake in the form as a whole)


def error_summary_items(*forms) -> list[SummaryItem]:
    """Every mistake of the forms: the form-wide ones first, then the fields' in page order."""
    items = []
    for form in forms:
        if form is None or not form.is_bound or not form.errors:
            continue
        items += [SummaryItem(str(message), "") for message in form.non_field_errors()]
        for field in form:
            target = field.error_target_id if isinstance(field, SiteBoundField) else ""
            items += [SummaryItem(str(message), target) for message in field.errors]
    return items
