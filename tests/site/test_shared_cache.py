"""The page cache must be shared by every worker process and app server, or a change by staff
would show on some of them and not on others (issue #8)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from erfaringssentrum.core.pagecache import (
    VERSION_KEY,
    CachedPage,
    LocalPages,
    content_version,
    local_pages,
)
from erfaringssentrum.models import ContactDetails

ROOT = Path(__file__).resolve().parents[2]
DATABASE_CACHE = {
    "default": {
        "BACKEND": "erfaringssentrum.core.failsoft_cache.DatabaseCache",
        "LOCATION": "django_cache",
    }
}


def production_settings(**extra) -> subprocess.CompletedProcess:
    """CACHES and SESSION_ENGINE as a production process (DEBUG off) would read them."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 60,
        SITE_URL="https://erfaringssentrum.example",
        DATABASE_URL=os.environ.get("DATABASE_URL") or "sqlite:////tmp/not-opened.sqlite3",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    code = (
        "import json\n"
        "from erfaringssentrum import settings as s\n"
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return result


def test_production_without_redis_keeps_the_cache_in_the_database():
    result = production_settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "erfaringssentrum.core.failsoft_cache.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ]


def test_production_with_redis_uses_it_for_the_cache_and_sessions():
    result = production_settings(CACHE_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "erfaringssentrum.core.redis_cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    import redis  # noqa: F401 - Django's RedisCache needs the client installed


def test_a_cache_url_that_is_not_redis_is_refused():
    result = production_settings(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


@pytest.mark.django_db
def test_pages_are_cached_and_invalidated_in_the_database_cache(settings, save_contact_phone):
    settings.CACHES = DATABASE_CACHE
    ContactDetails.load()
    client = Client()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    save_contact_phone("+47 91 23 45 67")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "+47 91 23 45 67" in response.content.decode()


@pytest.mark.django_db
def test_a_lost_content_version_never_brings_back_an_old_page(front_page_visited):
    client = front_page_visited
    assert client.get("/")["X-Page-Cache"] == "hit"
    cache.delete(VERSION_KEY)  # evicted, or the cache server restarted without the key
    content_version.forget()  # as it is after VERSION_MEMORY_SECONDS
    assert client.get("/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_page_rendered_by_another_worker_is_served_from_the_shared_cache(
    front_page_visited, django_assert_num_queries
):
    local_pages.clear()  # as in a worker that has not served the page itself
    with django_assert_num_queries(0):
        response = Client().get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Vil du bli erfaringskonsulent?" in response.content.decode()


def test_each_worker_keeps_at_most_its_budget_of_pages_dropping_the_oldest():
    pages = LocalPages(max_bytes=10)
    for key in "abc":
        pages.put(key, CachedPage(version=1, expires=0, content=b"1234", headers={}))
    pages.get("b")  # used recently
    pages.put("d", CachedPage(version=1, expires=0, content=b"1234", headers={}))
    assert [key for key in "abcd" if pages.get(key)] == ["b", "d"]
