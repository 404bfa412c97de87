from django import template
from django.forms import BaseForm

from erfaringssentrum.core.forms import ERROR_SUMMARY_TITLE, error_summary_items

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """`{% error_summary form %}` right after the h1: every mistake, linked to its field."""
    forms = [form for form in forms if isinstance(form, BaseForm)]
    return {"items": error_summary_items(*forms), "title": ERROR_SUMMARY_TITLE}


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """«Feil: » before the page title while a submitted form has mistakes (GOV.UK)."""
    form = context.get("form")
    return "Feil: " if isinstance(form, BaseForm) and form.is_bound and form.errors else ""
