"""Min side is put together from sections that the apps contribute.

Each entry in SECTION_PROVIDERS is a dotted path to a function `section(request)` that
returns a `Section` (or None to show nothing). The apps own their section's template and
its queries; Min side only lays them out.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

SECTION_PROVIDERS = [
    "assessments.minside.section",
    "courses.minside.section",
]


@dataclass
class Section:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    anchor: str = ""


def sections_for(request) -> list[Section]:
    sections = []
    for path in SECTION_PROVIDERS:
        section = import_string(path)(request)
        if section is not None:
            sections.append(section)
    return sections
