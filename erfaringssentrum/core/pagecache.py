"""A cache of the public content pages, for anonymous visitors only.

Readers are mostly anonymous and the pages are the same for all of them, so a rendered page
is kept in the default cache, which every worker and app server shares (Redis, or a table in
the database; see CACHES in settings), and each worker process also keeps the pages it served
last in its own memory, so a hit costs one small lookup in the shared cache, not a transfer
of the whole page. Correctness rules:

- Only anonymous GETs without a session or messages cookie are served from or stored in the
  cache, and only 200 responses that did not ask for a CSRF token or a CSP nonce: a cached
  page can never carry another visitor's data, token or nonce.
- Each cached view declares the query parameters it understands (`query=`). A request with
  any other parameter (`?utm_source=…`, a search with `?q=`) is rendered and neither served
  from nor stored in the cache, and so is one whose values the view turned down
  (`do_not_store`): made-up query strings cannot fill the cache. The key holds the page's
  own parameters in a fixed order.
- Every entry records the content version it was rendered under and is only served while
  that is still the version in the shared cache, which every hit reads. Saving or deleting
  any model an app registers with `register_content_models` bumps the version, so a change
  by staff shows at once on every worker and server.
- Entries also expire after PAGE_CACHE_SECONDS, for what changes with time alone (a slot that
  passes its booking lead time, a course that has taken place).

A page is compressed once, when it is stored, and served compressed to every browser that
accepts gzip (GZipMiddleware compresses the other responses as they go out).
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

VERSION_KEY = "pagecache:content-version"
CACHED_HEADERS = ("Content-Type", "Content-Language")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware reads Accept-Encoding


def content_version() -> int | None:
    """The current content version; None when the shared cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        _start_version()
        version = cache.get(VERSION_KEY)
    return version


def _start_version() -> None:
    # A version that has never been used before (the clock), not 1: if the cache loses the
    # version (evicted, restarted), pages rendered under an old version still stored must
    # not become current again.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version stored: any new one makes every stored page stale
        _start_version()


def register_content_models(*labels: str) -> None:
    """Call from an AppConfig.ready(): changes to these models invalidate cached pages."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"pagecache-{label}")
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"pagecache-{label}-delete"
        )


@dataclass(frozen=True)
class CachedPage:
    version: int
    expires: float  # time.time()
    content: bytes
    gzipped: bytes  # the same content, compressed
    headers: dict

    @property
    def size(self) -> int:
        return len(self.content) + len(self.gzipped)


class LocalPages:
    """The pages this process served last, least recently used dropped first, at most
    `max_bytes` in all (plain and compressed)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # the development server answers in threads

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        if page.size > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self._bytes += page.size - (old.size if old else 0)
            self._pages[key] = page
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


local_pages = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)


# A longer value of a page's own parameter is not one of its links: rendered, not stored.
MAX_PARAMETER_LENGTH = 100


def _understood_query(request, understood: frozenset) -> bool:
    return set(request.GET) <= understood and all(
        len(values) == 1 and len(values[0]) <= MAX_PARAMETER_LENGTH
        for _, values in request.GET.lists()
    )


def _cacheable_request(request, understood: frozenset) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and _understood_query(request, understood)
    )


def do_not_store(request) -> None:
    """Called by a cached view that turned down a value of its own parameters (an unknown
    category, a page number past the end): the page is shown, but not kept."""
    request._pagecache_do_not_store = True


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not getattr(request, "_pagecache_do_not_store", False)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not response.has_header("Cache-Control")
        and not getattr(response, "streaming", False)
    )


# Part of every page's key: change it when CachedPage changes, so that pages stored by the
# previous release are not read as the new shape.
PAGE_KEY_PREFIX = "pagecache:page:2:"


def _page_key(request) -> str:
    query = urlencode(sorted(request.GET.items()))
    return PAGE_KEY_PREFIX + hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()


def _stored_page(key: str, version: int) -> CachedPage | None:
    """The page under `key` rendered under `version`: this process's copy, else the shared
    one (rendered by another worker or server), which is then kept here too."""
    page = local_pages.get(key)
    if page is None or page.version != version or page.expires <= time.time():
        page = cache.get(key)
        if page is None or page.version != version:
            return None
        local_pages.put(key, page)
    return page


def _store_page(key: str, version: int, response) -> None:
    headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    # No random padding against BREACH, as GZipMiddleware adds: a cached page holds no secret.
    gzipped = compress_string(response.content)
    page = CachedPage(version, expires, response.content, gzipped, headers)
    cache.set(key, page, settings.PAGE_CACHE_SECONDS)
    local_pages.put(key, page)


def _cached_response(request, page: CachedPage) -> HttpResponse:
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(page.gzipped, headers=page.headers)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.content, headers=page.headers)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Page-Cache"] = "hit"
    return response


def cache_public_page(view, *, query=()):
    """Decorates a view function; for a class-based view use `cache_public_page(View.as_view())`.

    `query`: the names of the query parameters the page understands; a request with any
    other is rendered without the cache."""
    understood = frozenset(query)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request, understood):
            return view(request, *args, **kwargs)
        version = content_version()
        if version is None:  # the shared cache is down: this worker cannot tell what is current
            return view(request, *args, **kwargs)
        key = _page_key(request)
        page = _stored_page(key, version)
        if page is not None:
            return _cached_response(request, page)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            _store_page(key, version, response)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
