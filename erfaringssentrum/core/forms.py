"""The one way every form on the site shows its fields and its mistakes.

It follows GOV.UK's and NAV Aksel's pattern: the server validates (no `required`, so the
browser's own pop-ups in the browser's language never stand in for our messages), an error
summary right after the h1 lists every mistake with a link to its field, and each field
points with `aria-describedby` to its hint and its error message. Crispy forms' bootstrap5
templates and allauth's element templates both render through it.
"""

from dataclasses import dataclass

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates

ERROR_SUMMARY_TITLE = "Du må rette dette før du kan gå videre"


class SiteBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        attrs.pop("required", None)
        return attrs

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
