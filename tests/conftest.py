"""Fixtures shared by every test folder: settings for tests, the test clock, and the test data
(the factories in tests/factories.py as fixtures)."""

import itertools
import os
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from courses.models import Signup
from tests import factories


def pytest_configure(config):
    """TEST_CLOCK=2026-11-29T23:30:00+01:00 runs the whole suite as if it were that moment
    (the clock still ticks). CI runs the suite a second time so, on a Sunday late in the
    evening: a test that depends on the real weekday or hour fails there, not on some day."""
    moment = os.environ.get("TEST_CLOCK")
    if moment:
        config._test_clock = time_machine.travel(datetime.fromisoformat(moment), tick=True)
        config._test_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_test_clock", None) is not None:
        config._test_clock.stop()


def pytest_report_header(config):
    moment = os.environ.get("TEST_CLOCK")
    return f"TEST_CLOCK: klokken er satt til {moment}" if moment else None


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Hashed static names need `collectstatic`; tests use the plain storage instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Absolute links point where the test client sends its requests.
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from erfaringssentrum.core.pagecache import forget_local_state

    cache.clear()
    forget_local_state()  # this process's copies of pages and of the content version
    yield
    cache.clear()
    forget_local_state()


# --- Test data --------------------------------------------------------------------------------


@pytest.fixture
def factory_now():
    """The moment the factories' default times are counted from. None: the clock when each row
    is made. A folder whose tests pass a fixed NOW to the services overrides this with it, so
    that the rows the factories make fit that NOW (tests/courses/conftest.py)."""
    return None


def _base(factory_now):
    return factory_now or timezone.now()


@pytest.fixture
def user_factory(db):
    """Creates an account with a confirmed e-mail address (as after allauth's signup)."""
    return factories.user


@pytest.fixture
def user(user_factory):
    return user_factory()


@pytest.fixture
def adviser_factory(db):
    """Creates an account approved for booking assessments (see `user_factory`)."""
    return factories.adviser


@pytest.fixture
def staff_user(user_factory):
    return user_factory(name="Ansatt Ansattesen", is_staff=True, is_superuser=True)


@pytest.fixture
def auth_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def consultant(user_factory):
    """The staff member whose slots `slot_factory` makes."""
    return user_factory(name="Rådgiver Senteret", is_staff=True)


@pytest.fixture
def slot_factory(consultant, factory_now):
    """Slots for `consultant` at `starts_at`, or (without it) three days after `start`
    (default: `factory_now`), each two hours after the one before, on the hour."""
    hours = itertools.count(0)

    def create(*, starts_at=None, start=None, **fields):
        if starts_at is None:
            base = start or _base(factory_now)
            starts_at = (base + timedelta(days=3, hours=2 * next(hours))).replace(
                minute=0, second=0, microsecond=0
            )
        fields.setdefault("consultant", consultant)
        return factories.slot(starts_at=starts_at, **fields)

    return create


@pytest.fixture
def booking_data():
    """What an adviser fills in on the booking form, as keyword arguments for booking_create."""
    return dict(factories.BOOKING_DATA)


@pytest.fixture
def booking_factory(adviser_factory, factory_now):
    """Books `slot` through the service, for `adviser` (default: a new approved adviser)."""

    def create(*, slot, adviser=None, now=None, **fields):
        return factories.booking(
            slot=slot, adviser=adviser or adviser_factory(), now=now or factory_now, **fields
        )

    return create


@pytest.fixture
def course_type_factory(db):
    return factories.course_type


@pytest.fixture
def course_type(course_type_factory):
    return course_type_factory(slug="fellessamling")


@pytest.fixture
def course_factory(course_type, factory_now):
    """Active courses of `course_type` without a date, created a month before `factory_now`."""

    def create(**fields):
        fields.setdefault("course_type", course_type)
        fields.setdefault("created", _base(factory_now) - timedelta(days=30))
        return factories.course(**fields)

    return create


@pytest.fixture
def course(course_factory):
    return course_factory()


@pytest.fixture
def signup_factory(user_factory, factory_now):
    """Adds signups directly (no e-mail), a day before `factory_now`, in the order of
    `minutes` (minutes after that)."""

    def create(course, *, status=Signup.Status.CONFIRMED, user=None, minutes=0, **fields):
        fields.setdefault(
            "created", _base(factory_now) - timedelta(days=1) + timedelta(minutes=minutes)
        )
        return factories.signup(course, user=user or user_factory(), status=status, **fields)

    return create


@pytest.fixture
def date_option_factory(factory_now):
    """A proposed date `days` after `factory_now`."""

    def create(course, days):
        return factories.date_option(course, starts_at=_base(factory_now) + timedelta(days=days))

    return create


@pytest.fixture
def category_factory(db):
    return factories.category


@pytest.fixture
def question_factory(category_factory):
    """Published questions, each in a new category unless `category` is given."""

    def create(*, category=None, **fields):
        return factories.question(category=category or category_factory(), **fields)

    return create


@pytest.fixture
def audiences(db):
    """The four audiences, by slug."""
    return factories.audiences()


@pytest.fixture
def resource_factory(db, factory_now):
    """Published articles; each one made is a day older than the one before (so a list shows
    them newest first in the order they were made)."""
    days = itertools.count(1)

    def create(**fields):
        fields.setdefault("published_at", _base(factory_now) - timedelta(days=next(days)))
        return factories.resource(**fields)

    return create


@pytest.fixture
def salary_question(question_factory, category_factory):
    """The salary answer as in the demo content, whose wording the stemming tests rely on."""
    from faq.demo import QUESTIONS

    _, slug, question, answer = next(q for q in QUESTIONS if q[1] == "hva-er-lonnen")
    category = category_factory(name="Lønn og arbeidsvilkår", slug="lonn-og-arbeidsvilkar")
    return question_factory(category=category, question=question, slug=slug, answer=answer)
