from django import template

from erfaringssentrum.launch_checks import placeholders_in_use

register = template.Library()


@register.inclusion_tag("admin/launch_placeholders_notice.html")
def launch_placeholders():
    """On the admin start page: the demo values and placeholders still in use, the same list
    `check --deploy` warns about, until it is empty."""
    return {"placeholders": placeholders_in_use()}
