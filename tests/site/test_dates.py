"""One date style (issue #16): «onsdag 2. desember 2026 kl. 10.00–11.00» on pages, in e-mails,
in admin lists and in calendar descriptions, from erfaringssentrum/core/dates.py."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import formats, timezone

from erfaringssentrum.core import dates

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 10.00 in Oslo
END = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_the_one_style():
    assert dates.when(START, END) == "onsdag 2. desember 2026 kl. 10.00–11.00"
    assert dates.when(START) == "onsdag 2. desember 2026 kl. 10.00"
    assert dates.when(None) == ""
    assert dates.day(START) == "onsdag 2. desember 2026"
    assert dates.plain_date(date(2027, 1, 3)) == "3. januar 2027"
    assert dates.clock(START, END) == "kl. 10.00–11.00"
    # Norwegian time, also across the change to summer time and at midnight in UTC.
    summer = datetime(2027, 6, 30, 22, 30, tzinfo=UTC)
    assert dates.when(summer) == "torsdag 1. juli 2027 kl. 00.30"


def test_the_template_filters_are_the_same_functions():
    template = Template(
        "{% load dates %}{{ start|when:end }}|{{ start|when }}|{{ start|day }}|"
        "{{ start|clock:end }}|{{ start|plain_date }}"
    )
    assert template.render(Context({"start": START, "end": END})) == (
        "onsdag 2. desember 2026 kl. 10.00–11.00|onsdag 2. desember 2026 kl. 10.00|"
        "onsdag 2. desember 2026|kl. 10.00–11.00|2. desember 2026"
    )


def test_dates_django_formats_itself_follow_the_style():
    with timezone.override("Europe/Oslo"):
        shown = formats.date_format(timezone.localtime(START), "DATETIME_FORMAT")
    assert shown == "onsdag 2. desember 2026 kl. 10.00"


DATES_MODULE = ROOT / "erfaringssentrum" / "core" / "dates.py"


def test_no_template_or_module_writes_a_date_format_of_its_own():
    """Every date users see goes through core/dates.py (or, in admin, the format module)."""
    found = []
    sources = [
        path
        for pattern in (
            "*/templates/**/*.html",
            "*/templates/**/*.txt",
            "templates/**/*.*",
            "**/*.py",
        )
        for path in ROOT.glob(pattern)
        if not {".venv", "tests", "migrations"} & set(path.parts)
        and path != DATES_MODULE
    ]
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            # Machine-readable dates (<time datetime>, comparisons, CSV, file names) are fine.
            if re.search(r"\|date:(?!'Y-m-d'|\"Ymd\")|strftime\(|:%d\.%m|%H\.%M", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
