import itertools
from datetime import UTC, datetime, timedelta

import pytest

from courses.models import Course, CourseType, DateOption, Signup

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
_slugs = itertools.count(1)


@pytest.fixture(autouse=True)
def _staff_addresses(settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["kurs@erfaringssentrum.example"]
    settings.SITE_URL = "https://erfaringssentrum.example"


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def course_type(db):
    return CourseType.objects.create(
        title="Fellessamling: veien til jobb som erfaringskonsulent",
        slug="fellessamling",
        summary="Slik veileder du kandidater.",
        description="Om **kurset**.",
        audience="Veiledere i NAV og tiltak",
    )


@pytest.fixture
def course_factory(course_type):
    def create(**fields):
        n = next(_slugs)
        defaults = {
            "course_type": course_type,
            "slug": f"kurs-{n}",
            "expected_period": "februar eller mars",
            "place": "Storgata 1, Oslo",
            "created": NOW - timedelta(days=30),
        }
        return Course.objects.create(**{**defaults, **fields})

    return create


@pytest.fixture
def course(course_factory):
    return course_factory()


@pytest.fixture
def signup_factory(user_factory):
    """Adds signups directly (no e-mail), numbered in signup order."""

    def create(course, *, status=Signup.Status.CONFIRMED, user=None, minutes=0, **fields):
        defaults = {
            "organisation": "NAV Test",
            "role": "Veileder",
            "created": NOW - timedelta(days=1) + timedelta(minutes=minutes),
        }
        return Signup.objects.create(
            course=course, user=user or user_factory(), status=status, **{**defaults, **fields}
        )

    return create


@pytest.fixture
def date_option_factory():
    def create(course, days):
        return DateOption.objects.create(course=course, starts_at=NOW + timedelta(days=days))

    return create
