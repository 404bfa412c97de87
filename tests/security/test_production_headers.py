"""Headers and cookies with the production settings (DEBUG off, real secret, HTTPS proxy)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("prod")
    database = workdir / "db.sqlite3"
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-only-for-this-test-0123456789",
        ALLOWED_HOSTS="erfaringssentrum.example",
        DATABASE_URL=f"sqlite:///{database}",
        EMAIL_HOST="smtp.example",
        SITE_URL="https://erfaringssentrum.example",
        DJANGO_SETTINGS_MODULE="erfaringssentrum.settings",
        PYTHONPATH=str(ROOT),
        STATIC_ROOT=str(workdir / "static"),
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "security" / "production_probe.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


def test_plain_http_is_redirected_to_https(probe):
    assert probe["plain_http"]["status"] == 301
    assert probe["plain_http"]["headers"]["Location"].startswith("https://")


def test_security_headers_in_production(probe):
    headers = probe["front_page"]["headers"]
    assert probe["front_page"]["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'self'", "form-action 'self'"):  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_answers_made_before_the_views_run_carry_the_security_headers_too(probe):
    early = probe["early_answers"]
    statuses = {name: answer["status"] for name, answer in early.items()}
    assert statuses == {"nul_byte": 400, "unknown_host": 400, "missing_slash": 301}
    for name, answer in early.items():
        headers = answer["headers"]
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Cross-Origin-Resource-Policy"] == "same-origin", name
        assert "camera=()" in headers["Permissions-Policy"], name
        assert "default-src 'self'" in headers.get("Content-Security-Policy", ""), name


def test_cookies_are_secure_httponly_samesite_with_host_prefix(probe):
    csrf = probe["login_page"]["cookies"]["__Host-csrftoken"]
    assert csrf == {"secure": True, "httponly": True, "samesite": "Lax", "path": "/", "domain": ""}
    session = probe["session"]["login_cookie"]["__Host-sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_pages_with_personal_data_are_not_stored(probe):
    assert probe["min_side"]["status"] == 200
    assert probe["min_side"]["headers"]["Cache-Control"] == "no-store"


def test_the_page_cache_works_in_the_shared_database_cache_made_by_migrate(probe):
    assert probe["front_page"]["headers"]["X-Page-Cache"] == "miss"
    assert probe["front_page_again"]["headers"]["X-Page-Cache"] == "hit"


def test_a_cached_page_has_exactly_the_headers_of_a_rendered_one(probe):
    """The page cache answers before most middleware runs, so it replays the headers stored
    with the page: HSTS on HTTPS only, CSP, the other security headers, Vary,
    Content-Encoding and Content-Length, as the rendered response had them."""
    for case in probe["cached_pages"]:
        rendered, hit = case["rendered"]["headers"], case["hit"]["headers"]
        assert rendered.pop("X-Page-Cache") == "miss", case["url"]
        assert hit.pop("X-Page-Cache") == "hit", case["url"]
        assert hit == rendered, case["url"]
        assert ("Strict-Transport-Security" in hit) == case["secure"]
        assert "Content-Security-Policy" in hit and "Permissions-Policy" in hit
    assert {case["secure"] for case in probe["cached_pages"]} == {True, False}


def test_a_page_stored_over_https_is_never_replayed_with_hsts_over_http(probe):
    assert "Strict-Transport-Security" not in probe["http_after_https"]["headers"]
