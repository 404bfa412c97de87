"""A shared cache that fails (Redis stopped, the table missing) makes pages slower, never
500s (issue #13): pages, logins, sessions and rate limits go on without it, and a warning is
logged. The cache table is made by `migrate` whatever DEBUG is."""

import logging
import os
import sqlite3
import subprocess
import sys
from functools import partial
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from erfaringssentrum.core.failsoft_cache import FailSoftCache
from erfaringssentrum.core.pagecache import forget_local_state
from erfaringssentrum.core.ratelimit import ratelimit_post
from erfaringssentrum.models import ContactDetails

from .test_redis_cache import start_redis_server, stop_redis_server

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/ressurser/", "/sporsmal-og-svar/", "/kurs/", "/vurdering/"]
PASSWORD = "et-godt-passord-123"  # user_factory's


@pytest.fixture
def cache_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="erfaringssentrum.cache")
    return caplog


def assert_warned(caplog):
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert any(
        record.name == "erfaringssentrum.cache" and record.levelno == logging.WARNING
        for record in records
    )


def assert_site_works_without_the_cache(user, staff_client):
    client = Client()
    for path in PAGES:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == HTTPStatus.OK, path
            assert "X-Page-Cache" not in response
    # Logging in goes through allauth's rate limits, which live in the cache.
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/min-side/").status_code == HTTPStatus.OK
    # Staff saving content bump the content version in the cache.
    details = ContactDetails.load()
    response = staff_client.post(
        f"/admin/erfaringssentrum/contactdetails/{details.pk}/change/",
        {"organisation_name": "Erfaringssentrum", "email": "post@erfaringssentrum.example",
         "phone": "+47 22 22 22 22", "opening_hours": "", "street_address": "",
         "postal_code": "", "city": ""},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert "+47 22 22 22 22" in client.get("/").content.decode()


def assert_rate_limits_fail_open(user, settings):
    settings.RATE_LIMITS = {"test": (1, 60)}

    @ratelimit_post(action="test")
    def view(request):
        return HttpResponse("ok")

    for _ in range(3):
        request = RequestFactory().post("/x/")
        request.user = user
        assert view(request).status_code == HTTPStatus.OK


# --- The cache table is missing -------------------------------------------------------------


@pytest.fixture
def table_missing(settings, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.failsoft_cache.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    forget_local_state()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")  # undone with the test's transaction


def test_pages_logins_and_saves_work_without_the_cache_table(
    table_missing, user, staff_client, cache_warnings
):
    assert_site_works_without_the_cache(user, staff_client)
    assert_warned(cache_warnings)


def test_rate_limits_let_requests_through_without_the_cache_table(table_missing, user, settings):
    assert_rate_limits_fail_open(user, settings)


def test_migrate_makes_the_cache_table_whatever_debug_is(tmp_path):
    """`make run` migrates with DEBUG=1 (local memory cache); the production settings then
    read the table."""
    database = tmp_path / "db.sqlite3"
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env = {**base, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_cache" in tables
    code = (
        "import django; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "client = Client(HTTP_HOST='erfaringssentrum.example')\n"
        "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}\n"
        "with override_settings(STORAGES={'default': {}, 'staticfiles': plain}):\n"
        "    print([client.get('/', secure=True).get('X-Page-Cache') for _ in range(2)])\n"
    )
    production = {
        **env,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "SITE_URL": "https://erfaringssentrum.example",
        "ALLOWED_HOSTS": "erfaringssentrum.example",
        "DJANGO_SETTINGS_MODULE": "erfaringssentrum.settings",
    }
    served = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert served.stdout.strip() == "['miss', 'hit']", served.stderr


# --- Redis is stopped -----------------------------------------------------------------------


@pytest.fixture
def redis_server():
    """A throwaway Redis the test can stop; yields (url, stop)."""
    url, server = start_redis_server()
    yield url, partial(stop_redis_server, server)
    stop_redis_server(server)


@pytest.fixture
def redis_stopped(settings, redis_server, db):
    """The production setup with Redis (pages, rate limits and sessions in it), warmed up,
    and then Redis stops."""
    url, stop = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.redis_cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    forget_local_state()
    ContactDetails.load()
    client = Client()
    for path in PAGES:
        client.get(path)
    assert client.get("/")["X-Page-Cache"] == "hit"
    forget_local_state()
    stop()


def test_pages_logins_and_sessions_work_with_redis_stopped(
    redis_stopped, user, staff_client, cache_warnings
):
    assert_site_works_without_the_cache(user, staff_client)
    assert_warned(cache_warnings)


def test_rate_limits_let_requests_through_with_redis_stopped(redis_stopped, user, settings):
    assert_rate_limits_fail_open(user, settings)


# --- How the cache behaves while it is down, and after ---------------------------------------


class Unreachable(Exception):
    pass


class FlakyCache(FailSoftCache, LocMemCache):
    """Local memory that can be made unreachable, like a stopped Redis."""

    failures = (Unreachable,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.broken = False
        self.attempts = 0

    def _run(self, call):
        self.attempts += 1
        if self.broken:
            raise Unreachable("nede")
        return call()


@pytest.fixture
def flaky(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("erfaringssentrum.core.failsoft_cache.time.monotonic", lambda: clock[0])
    cache = FlakyCache("flaky", {})
    cache.clear()
    return cache, clock


def test_while_down_reads_miss_writes_drop_and_the_cache_is_left_alone(flaky, caplog):
    cache, clock = flaky
    cache.set("a", 1)
    cache.broken, cache.attempts = True, 0
    with caplog.at_level(logging.WARNING, logger="erfaringssentrum.cache"):
        assert cache.get("a", "ingen") == "ingen"
        assert cache.get_many(["a"]) == {}
        assert cache.add("lås", 1) is True  # a lock taken: allauth's rate limit goes on
        with pytest.raises(ValueError):
            cache.incr("a")
        cache.set("b", 2)
        cache.delete("a")
    assert len(caplog.records) == 1  # one warning per outage
    assert cache.attempts == 1  # only the first call tried; the rest waited for the retry
    clock[0] += 6
    assert cache.get("a", "ingen") == "ingen"
    assert cache.attempts == 2


def test_after_an_outage_that_lost_writes_the_cache_starts_empty(flaky):
    cache, clock = flaky
    cache.set("sesjon", "innlogget")
    cache.set("versjon", 1)
    cache.broken = True
    cache.delete("sesjon")  # logged out meanwhile: the delete is lost
    cache.broken = False
    assert cache.get("sesjon") is None  # still waiting for the retry
    clock[0] += 6
    assert cache.get("sesjon") is None  # emptied, not the stale session
    assert cache.get("versjon") is None


def test_after_an_outage_of_reads_only_the_cache_is_kept(flaky):
    cache, clock = flaky
    cache.set("side", "html")
    cache.broken = True
    assert cache.get("side") is None
    cache.broken = False
    clock[0] += 6
    assert cache.get("side") == "html"


def test_the_site_cache_is_the_fail_soft_one(settings):
    """Production without Redis uses the fail-soft table (see test_shared_cache)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.failsoft_cache.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    assert isinstance(caches["default"], FailSoftCache)
