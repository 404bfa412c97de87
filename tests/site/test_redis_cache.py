"""The Redis cache backend (CACHE_URL=redis://…) against a real, throwaway Redis server."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client

from erfaringssentrum.core.pagecache import VERSION_KEY, forget_local_state
from erfaringssentrum.models import ContactDetails


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def real_clock_environment() -> dict[str, str]:
    """This process's environment without libfaketime: the suite may run under faketime to
    check awkward hours, and redis-server crashes at start under it (jemalloc's clock calls).
    Redis keeps only relative expiry times, so it needs no fake clock."""
    return {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
    }


def start_redis_server() -> tuple[str, subprocess.Popen]:
    """A throwaway redis-server on a free port (skipped without one, except in CI)."""
    executable = shutil.which("redis-server")
    if not executable:
        message = "redis-server er ikke installert (Debian: redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " – Redis-testene kan ikke hoppes over i CI.")
        pytest.skip(message)
    port = free_port()
    server = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        env=real_clock_environment(),
    )
    deadline = time.monotonic() + 10
    while not accepts_connections(port):
        assert time.monotonic() < deadline, "Redis startet ikke"
        time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0", server


def stop_redis_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url():
    url, server = start_redis_server()
    yield url
    stop_redis_server(server)


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.redis_cache.RedisCache",
            "LOCATION": redis_url,
        }
    }
    caches["default"].clear()
    forget_local_state()
    yield caches["default"]
    caches["default"].clear()


def test_the_backend_stores_counts_and_deletes(redis_cache):
    redis_cache.set("a", {"x": 1})
    assert redis_cache.get_many(["a", "b"]) == {"a": {"x": 1}}
    redis_cache.set("n", 1)
    assert redis_cache.incr("n") == 2
    redis_cache.delete("a")
    assert redis_cache.get("a") is None


def test_one_redis_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.get("a")
    assert redis_cache._cache.get_client() is client


@pytest.mark.django_db
def test_pages_are_cached_in_redis_and_a_change_shows_at_once(redis_cache, save_contact_phone):
    ContactDetails.load()
    client = Client()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    version = redis_cache.get(VERSION_KEY)
    save_contact_phone("+47 93 33 33 33")
    assert redis_cache.get(VERSION_KEY) == version + 1
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "+47 93 33 33 33" in response.content.decode()
