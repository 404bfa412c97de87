"""Min side is put together from sections that the apps contribute.

An app takes part with a `minside.py` whose `section(request)` returns a `Section` (or None
to show nothing); the sections come in INSTALLED_APPS order (core/discovery.py). The apps own
their section's template and its queries; Min side only lays them out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse

from .discovery import app_modules


@dataclass
class Section:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    anchor: str = ""


def sections_for(request) -> list[Section]:
    sections = []
    for module in app_modules("minside", defining="section"):
        section = module.section(request)
        if section is not None:
            sections.append(section)
    return sections


# A number no row has, for reversing a URL pattern once.
_PK_PLACEHOLDER = 2_147_483_647


@cache
def pk_url(viewname: str) -> Callable[[int], str]:
    """`pk -> URL` for a view that takes a row's pk, reversed once per process: a section
    links each row several ways, and reverse() costs more than the rest of the row."""
    pattern = reverse(viewname, args=[_PK_PLACEHOLDER])
    return lambda pk: pattern.replace(str(_PK_PLACEHOLDER), str(int(pk)))
