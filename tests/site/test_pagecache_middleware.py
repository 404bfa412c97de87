"""PageCacheMiddleware serves cached pages before the rest of the middleware runs (issue #19):
a hit must be the page an uncached request would get, headers and all, and must never be
served to a request that carries a session, a CSRF token or a parameter the page does not
understand."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client

from erfaringssentrum.core import pagecache
from erfaringssentrum.core.pagecache import VERSION_KEY, content_version
from erfaringssentrum.models import ContactDetails
from erfaringssentrum.models import _contact_details as contact_details_memo

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def cached_urls(resource_factory, question_factory, course_factory):
    ContactDetails.load()  # its first creation counts as a content change
    resource = resource_factory(title="Om lønn")
    question = question_factory(question="Hva tjener man?")
    course = course_factory()
    return [
        "/",
        "/ressurser/",
        "/ressurser/?type=artikkel",
        resource.get_absolute_url(),
        "/ressurser/feed/",
        "/sporsmal-og-svar/",
        question.get_absolute_url(),
        "/kurs/",
        course.get_absolute_url(),
        "/vurdering/",
    ]


def without_cache_marker(response) -> dict:
    return {name: value for name, value in response.items() if name != "X-Page-Cache"}


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("encoding", [{}, GZIP], ids=["plain", "gzip"])
def test_a_hit_has_exactly_the_headers_and_body_of_an_uncached_response(
    cached_urls, secure, encoding
):
    client = Client()
    for url in cached_urls:
        rendered = client.get(url, secure=secure, **encoding)
        assert rendered["X-Page-Cache"] == "miss", url
        hit = client.get(url, secure=secure, **encoding)
        assert hit["X-Page-Cache"] == "hit", url
        assert without_cache_marker(hit) == without_cache_marker(rendered), url
        assert hit.status_code == HTTPStatus.OK
        if not encoding:  # the gzipped body carries random padding (GZipMiddleware)
            assert hit.content == rendered.content, url
        assert "Content-Security-Policy" in hit and "Content-Length" in hit


def test_the_scheme_and_the_encoding_are_separate_entries(cached_urls):
    client = Client()
    client.get("/")
    assert client.get("/", secure=True)["X-Page-Cache"] == "miss"
    assert client.get("/", **GZIP)["X-Page-Cache"] == "miss"
    assert client.get("/", secure=True, **GZIP)["X-Page-Cache"] == "miss"
    assert client.get("/", secure=True, **GZIP)["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_request_with_a_session_csrf_or_messages_cookie_never_gets_a_cached_page(
    cached_urls, cookie
):
    Client().get("/")  # stored
    assert Client().get("/")["X-Page-Cache"] == "hit"
    client = Client()
    client.cookies[cookie] = "x"
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in response


def test_a_request_with_a_session_cookie_never_fills_the_cache(cached_urls):
    client = Client()
    client.cookies["sessionid"] = "x"
    client.get("/")
    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_an_unknown_query_parameter_is_never_served_from_the_cache(cached_urls):
    client = Client()
    client.get("/ressurser/?type=artikkel")
    assert client.get("/ressurser/?type=artikkel")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/ressurser/?type=artikkel&utm_source=x")
    assert "X-Page-Cache" not in client.get("/ressurser/?type=artikkel&q=l%C3%B8nn")


def test_a_host_that_is_not_allowed_gets_400_even_for_a_stored_page(cached_urls):
    Client().get("/")
    assert Client(HTTP_HOST="evil.example").get("/").status_code == HTTPStatus.BAD_REQUEST


def test_a_nul_byte_in_a_cookie_gets_400_even_for_a_stored_page(cached_urls):
    Client().get("/")
    client = Client()
    client.cookies["tracking"] = "a\x00b"
    assert client.get("/").status_code == HTTPStatus.BAD_REQUEST


def test_a_hit_runs_no_query(cached_urls, django_assert_num_queries):
    Client().get("/")
    with django_assert_num_queries(0):
        assert Client().get("/")["X-Page-Cache"] == "hit"


def test_a_change_made_by_another_worker_shows_once_the_version_is_read_again(
    cached_urls, monkeypatch
):
    """Each worker trusts the version it read for VERSION_MEMORY_SECONDS (well under the
    two seconds a staff change may take to show), then reads the shared one again."""
    clock = [1000.0]
    for version in (content_version, contact_details_memo.version):
        monkeypatch.setattr(version, "clock", lambda: clock[0])
    pagecache.forget_local_state()  # read on the test's clock from here on
    client = Client()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    # Another worker saves a change: the database and the shared cache change, not this
    # process's memory.
    ContactDetails.objects.update(phone="+47 95 55 55 55")
    cache.incr(contact_details_memo.version.key)
    cache.incr(VERSION_KEY)
    clock[0] += pagecache.VERSION_MEMORY_SECONDS / 2
    assert client.get("/")["X-Page-Cache"] == "hit"  # within the memory: still the old page
    clock[0] += pagecache.VERSION_MEMORY_SECONDS / 2
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "+47 95 55 55 55" in response.content.decode()
    assert pagecache.VERSION_MEMORY_SECONDS <= 1


def test_a_change_made_by_this_worker_shows_at_once(cached_urls, save_contact_phone, monkeypatch):
    monkeypatch.setattr(content_version, "clock", lambda: 1000.0)  # the memory never runs out
    client = Client()
    client.get("/")
    save_contact_phone("+47 91 11 11 11")
    assert "+47 91 11 11 11" in client.get("/").content.decode()


def test_a_content_change_in_a_transaction_changes_the_version_again_at_commit(
    cached_urls, django_capture_on_commit_callbacks
):
    """A page rendered by another worker before the commit, from the data before it, must
    not be current after it."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.content_changed()
    before_commit = cache.get(VERSION_KEY)
    for callback in callbacks:
        callback()
    assert cache.get(VERSION_KEY) > before_commit


def test_the_shared_entries_are_keyed_by_the_stored_shape(cached_urls):
    """A new release with another CachedPage reads none of the old release's entries."""
    Client().get("/")
    stored = [k for k in cache._cache if "pagecache:page:" in k]  # LocMemCache in the tests
    assert stored and all(f":{pagecache.PAGE_FORMAT}:" in k for k in stored)
