"""The admin start page «I dag»: what needs doing, each item linking to where it is done.

Each app declares its part in a `today.py` module with `sections(request, *, now)`, returning
`TodaySection`s for what the staff member's rights let them see (found as the admin finds
`admin.py`; see core/discovery.py). Each part must run a fixed number of queries, however much
there is: the start page's query count is tested."""

from dataclasses import dataclass, field

from django.utils import timezone

from .discovery import app_modules


@dataclass(frozen=True)
class TodayItem:
    text: str
    url: str = ""  # where it is handled
    link_text: str = ""
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class TodaySection:
    title: str
    items: list[TodayItem] = field(default_factory=list)
    empty: str = ""  # said when there are no items; a section without it is left out then
    more_url: str = ""
    more_text: str = ""


def today_sections(request, *, now=None) -> list[TodaySection]:
    now = now or timezone.now()
    sections = []
    for module in app_modules("today", defining="sections"):
        sections.extend(module.sections(request, now=now))
    return [section for section in sections if section.items or section.empty]
