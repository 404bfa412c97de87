from django import template

from erfaringssentrum.core.today import today_sections

register = template.Library()


@register.inclusion_tag("admin/today_sections.html", takes_context=True)
def staff_today(context):
    """On the admin start page: what needs doing today, from each app's `today.py`."""
    return {"sections": today_sections(context["request"])}
