"""A change shows on every app server within two seconds (issue #19), proven with two real
gunicorn servers that share one cache: the database cache (a table in a shared SQLite file
here) and Redis. Each keeps cached pages in its own memory and trusts the content version it
read for VERSION_MEMORY_SECONDS, so this is the test that the shared version still rules."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from erfaringssentrum.core.pagecache import VERSION_MEMORY_SECONDS

from .test_redis_cache import accepts_connections, free_port, start_redis_server, stop_redis_server

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.conf import settings
from tests import factories
from erfaringssentrum.models import User

import uuid
tag = uuid.uuid4().hex[:8]  # each test makes its own course in the shared database
course_type = factories.course_type(slug=f"type-{tag}")
course = factories.course(course_type=course_type, slug=f"kurs-{tag}", max_participants=10)
user = User.objects.create(email=f"veileder-{tag}@nav.example", name="Veileder")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("SETUP " + json.dumps({
    "course": course.get_absolute_url(),
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
}))
"""


def production_env(workdir: Path, **extra) -> dict:
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-only-for-this-test-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://erfaringssentrum.example",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        STATIC_ROOT=str(workdir / "static"),
        DJANGO_SETTINGS_MODULE="erfaringssentrum.settings",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated production database and its static files."""
    workdir = tmp_path_factory.mktemp("servers")
    env = production_env(workdir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return workdir


@pytest.fixture
def plan(site):
    """A new course and a logged-in adviser."""
    output = manage(production_env(site), "shell", "-c", SETUP)
    line = next(x for x in output.splitlines() if x.startswith("SETUP"))
    return json.loads(line.removeprefix("SETUP "))


class Server:
    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(GUNICORN), "erfaringssentrum.wsgi", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not accepts_connections(self.port):
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.monotonic() < deadline, "gunicorn startet ikke"
            time.sleep(0.1)

    def open(self, path, *, cookies=None, data=None):
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - loopback
        if cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        try:
            response = urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if cookies is not None:
                cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(params=["database", "redis"])
def cache_env(request, site):
    workdir = site
    if request.param == "database":
        yield production_env(workdir)
        return
    url, redis = start_redis_server()
    yield production_env(workdir, CACHE_URL=url)
    stop_redis_server(redis)


@pytest.fixture
def two_servers(cache_env):
    servers = [Server(cache_env), Server(cache_env)]
    yield servers
    for server in servers:
        server.stop()


def signed_up(html) -> int:
    return int(re.search(r">(\d+) av \d+</progress>", html).group(1))


def test_a_change_through_one_server_shows_on_the_other_within_two_seconds(plan, two_servers):
    first, second = two_servers
    page = plan["course"]
    for server in two_servers:  # both have the page in their own memory
        server.open(page)
        status, headers, html = server.open(page)
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
    before = signed_up(html)

    # An adviser signs up for the course through the first server.
    name, value = plan["cookie"].split("=", 1)
    cookies = {name: value}
    _, _, form = first.open(page + "pamelding/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"organisation": "NAV", "role": "Veileder", "csrfmiddlewaretoken": token}
    status, _, _ = first.open(
        page + "pamelding/", cookies=cookies, data=urllib.parse.urlencode(fields).encode()
    )
    assert status == 200  # followed the redirect to the course page
    changed_at = time.monotonic()

    # The server that made the change shows it at once.
    assert signed_up(first.open(page)[2]) == before + 1
    # The other one within VERSION_MEMORY_SECONDS: any request it gets later shows it.
    time.sleep(max(0.0, changed_at + VERSION_MEMORY_SECONDS + 0.1 - time.monotonic()))
    status, headers, html = second.open(page)
    assert status == 200
    assert signed_up(html) == before + 1
    assert VERSION_MEMORY_SECONDS + 0.1 < 2
