"""Fixtures shared by every app's tests."""

import itertools
import os
from datetime import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

_emails = itertools.count(1)


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
# Staff must have TOTP to use the admin; staff made by user_factory get this secret.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Hashed static names need `collectstatic`; tests use the plain storage instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user_factory(db, django_user_model):
    """Creates an account with a confirmed e-mail address (as after allauth's signup)."""

    def create(*, email=None, password="et-godt-passord-123", name="Test Testesen", **extra):
        email = email or f"bruker{next(_emails)}@example.org"
        user = django_user_model.objects.create_user(
            email=email, password=password, name=name, **extra
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if user.is_staff:
            TOTP.activate(user, STAFF_TOTP_SECRET)
        return user

    return create


@pytest.fixture
def user(user_factory):
    return user_factory()


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
