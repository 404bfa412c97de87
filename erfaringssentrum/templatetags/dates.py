"""{{ slot.starts_at|when:slot.ends_at }} and friends: erfaringssentrum/core/dates.py."""

from django import template

from erfaringssentrum.core import dates

register = template.Library()


@register.filter
def when(start, end=None):
    """«onsdag 2. desember 2026 kl. 10.00–11.00» (the end is optional)."""
    return dates.when(start, end or None)


@register.filter
def day(value):
    """«onsdag 2. desember 2026»."""
    return dates.day(value)


@register.filter
def clock(start, end=None):
    """«kl. 10.00–11.00» (the end is optional), under a heading that names the day."""
    return dates.clock(start, end or None)


@register.filter
def plain_date(value):
    """«2. desember 2026»."""
    return dates.plain_date(value)
