"""Min side is put together from sections that the apps contribute.

An app takes part with a `minside.py` whose `section(request)` returns a `Section` (or None
to show nothing); the sections come in INSTALLED_APPS order (core/discovery.py). The apps own
their section's template and its queries; Min side only lays them out.
"""

from dataclasses import dataclass, field

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
