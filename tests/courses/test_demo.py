import io
from datetime import datetime

import pytest

from courses import demo
from courses.models import Course, Signup
from erfaringssentrum import demo as site_demo


def test_demo_has_a_course_in_each_state_and_can_run_twice(db, mailoutbox):
    out = io.StringIO()
    site_demo.seed(stdout=out)
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    courses = {c.slug: c for c in Course.objects.with_counts().select_related("course_type")}
    states = {slug: c.state() for slug, c in courses.items()}
    assert states == {
        "fellessamling-var": Course.State.COLLECTING,
        "fellessamling-med-datoavstemning": Course.State.MINIMUM_REACHED,
        "fellessamling-med-dato": Course.State.DATE_SET,
        "fellessamling-full": Course.State.FULL,
    }
    assert courses["fellessamling-var"].progress_text.startswith("3 av 5 påmeldte")
    polling = courses["fellessamling-med-datoavstemning"]
    assert polling.poll_is_open
    assert polling.date_options.count() == 3
    assert courses["fellessamling-full"].waiting_count == 3
    assert Signup.objects.filter(user__email="deltaker1@tiltak.example").exists()
    assert mailoutbox == []
    assert "deltaker1@tiltak.example" in out.getvalue()


@pytest.mark.parametrize(
    "today, expected",
    [
        ("2026-11-30 12:00+01:00", "februar eller mars"),
        ("2027-05-15 12:00+02:00", "august eller september"),
        ("2027-10-31 23:30+01:00", "januar eller februar"),
    ],
)
def test_the_round_that_collects_signups_expects_months_still_ahead(
    db, time_machine, today, expected
):
    """Seeded in May, «mars eller april» would announce a time already past."""
    time_machine.move_to(datetime.fromisoformat(today), tick=False)
    site_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    assert Course.objects.get(slug="fellessamling-var").expected_period == expected
