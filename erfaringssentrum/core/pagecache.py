"""A cache of the public content pages, for anonymous visitors only.

Readers are mostly anonymous and the pages are the same for all of them, so a rendered page
is kept in the default cache, which every worker and app server shares (Redis, or a table in
the database; see CACHES in settings), and each worker process also keeps the pages it served
last in its own memory. A hit is found by `PageCacheMiddleware` at the top of the middleware
stack, before sessions, authentication, CSRF and the rest run, and costs about what a static
file does: bytes and headers from memory. Correctness rules:

- Only GETs without a session, CSRF or messages cookie are served from or stored in the
  cache, and only 200 responses that set no cookie, asked for no CSRF token or CSP nonce and
  sent no Cache-Control: a cached page can never carry another visitor's data, token or nonce.
- Only views decorated with `cache_public_page` are stored, and each declares the query
  parameters it understands (`query=`). A request with any other parameter (`?utm_source=…`,
  a search with `?q=`) is rendered and neither served from nor stored in the cache, and so
  is one whose values the view turned down (`do_not_store`): made-up query strings cannot
  fill the cache. The key holds the page's own parameters in a fixed order.
- A hit replays the headers the rest of the stack produced when the page was stored (CSP,
  the security headers, Vary, Content-Encoding, Content-Length, …). The key holds what those
  depend on: the scheme (HSTS is sent on HTTPS only) and whether the browser accepts gzip
  (each variant is stored as GZipMiddleware made it).
- Every entry records the content version it was rendered under and is only served while
  that is still the shared content version. Each worker reads the shared version at most
  every VERSION_MEMORY_SECONDS (a round trip per hit would cost as much as the rest of the
  hit), so a change by staff shows on every worker and server within that time, well under
  two seconds, and at once on the worker that made it. A write calls `content_changed()`:
  the models an app registers with `register_content_models` do so on every save and
  delete; a service that writes with update() or bulk_create() calls it itself.
- Entries also expire after PAGE_CACHE_SECONDS, for what changes with time alone (a slot that
  passes its booking lead time, a course that has taken place).
"""

import hashlib
import re
import threading
import time
import weakref
import zlib
from collections import OrderedDict
from dataclasses import dataclass, fields
from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "pagecache:content-version"
# How long a worker trusts the content version it read last (the 2-second rule, with room).
VERSION_MEMORY_SECONDS = 0.5
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware reads Accept-Encoding
HIT_HEADER = "X-Page-Cache"
# A longer value of a page's own parameter is not one of its links: rendered, not stored.
MAX_PARAMETER_LENGTH = 100


# --- The content version ----------------------------------------------------------------------


class SharedVersion:
    """A version number in the shared cache that a change bumps, as this worker last read it
    (at most `memory` seconds ago). None when the shared cache does not answer."""

    def __init__(self, key: str, memory: float):
        self.key = key
        self.memory = memory
        self.clock = time.monotonic
        self._read = (None, float("-inf"))  # (version, self.clock() when read)

    def current(self) -> int | None:
        version, read_at = self._read
        now = self.clock()
        if version is not None and now - read_at < self.memory:
            return version
        version = cache.get(self.key)
        if version is None:
            self._start()
            version = cache.get(self.key)
        self._read = (version, now)
        return version

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # no version stored: any new one makes what was kept stale
            self._start()
        self.forget()  # this worker sees its own change at once

    def bump_now_and_at_commit(self) -> None:
        """For a change inside a transaction: what another worker reads between the two,
        from the data before the commit, is stale again after it."""
        self.bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.bump)

    def forget(self) -> None:
        self._read = (None, float("-inf"))

    def _start(self) -> None:
        # A version that has never been used before (the clock), not 1: if the cache loses
        # the version (evicted, restarted), what was kept under an old one must not become
        # current again.
        cache.add(self.key, time.time_ns(), timeout=None)


content_version = SharedVersion(VERSION_KEY, VERSION_MEMORY_SECONDS)


class ContentMemo:
    """A value read from the database (the contact details on every page), kept in this
    worker for as long as its own shared version is the one read before loading it: call
    `changed()` when it changes, and the other workers load it again within
    VERSION_MEMORY_SECONDS, as they show a changed page. Without a shared cache it is loaded
    every time."""

    def __init__(self, name: str, load):
        self.load = load
        self.version = SharedVersion(f"pagecache:memo:{name}", VERSION_MEMORY_SECONDS)
        self._kept = (None, None)
        _memos.add(self)

    def get(self):
        version = self.version.current()  # before loading: a change after it shows next time
        kept_version, value = self._kept
        if version is None or version != kept_version:
            value = self.load()
            self._kept = (version, value)
        return value

    def changed(self) -> None:
        self.version.bump_now_and_at_commit()

    def forget(self) -> None:
        self.version.forget()
        self._kept = (None, None)


_memos = weakref.WeakSet()


def content_changed(**signal_kwargs) -> None:
    """The one hook for "what the cached pages show has changed": call it from a service
    that writes with update() or bulk_create() (which send no signals); saves and deletes of
    registered models call it through their signals.

    The version changes now and again when the transaction commits: a page rendered by
    another worker between the two, from the data before the commit, is then not served."""
    if signal_kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed, before the change
        return
    content_version.bump_now_and_at_commit()


def register_content_models(*labels: str) -> None:
    """Call from an AppConfig.ready(): saving or deleting these models (or changing their
    many-to-many relations) invalidates cached pages."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-{label}-del")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-{label}-{field.name}",
            )


# --- Stored pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    version: int
    expires: float  # time.time()
    content: bytes  # as it left the stack (compressed when the key says the browser accepts it)
    headers: dict

    @property
    def size(self) -> int:
        return len(self.content) + sum(len(k) + len(v) for k, v in self.headers.items())


# The cache's own key version for the shared entries, derived from CachedPage's fields: when
# the stored shape changes, a new release reads none of the pages the previous one stored.
PAGE_FORMAT = zlib.crc32(repr([(f.name, str(f.type)) for f in fields(CachedPage)]).encode())


class LocalPages:
    """The pages this process served last, least recently used dropped first, at most
    `max_bytes` in all."""

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

    @property
    def bytes(self) -> int:
        return self._bytes


local_pages = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)


def forget_local_state() -> None:
    """Empties this process's own copies (the tests start each test from nothing)."""
    local_pages.clear()
    content_version.forget()
    for memo in list(_memos):
        memo.forget()


# --- Which requests and responses ------------------------------------------------------------


def _anonymous_get(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and settings.CSRF_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


@dataclass(frozen=True)
class PageQuery:
    """The query parameters a cached page understands; `search` is one that searches, which
    the page only understands empty (a filter form sends it so). Blank is not empty: each
    string of spaces would be a page of its own, and the cache could be filled with them."""

    parameters: frozenset
    search: str | None

    def understands(self, request) -> bool:
        return set(request.GET) <= self.parameters and all(
            len(values) == 1
            and len(values[0]) <= MAX_PARAMETER_LENGTH
            and not (name == self.search and values[0])
            for name, values in request.GET.lists()
        )


def do_not_store(request) -> None:
    """Called by a cached view that turned down a value of its own parameters (an unknown
    category, a page number past the end): the page is shown, but not kept."""
    request._pagecache_do_not_store = True


def may_be_stored(request) -> bool:
    """Whether the response to `request` is a page the cache keeps if it turns out cacheable
    (compressed once and sent many times, it is worth compressing harder)."""
    lookup = getattr(request, "_pagecache", None)
    return lookup is not None and lookup.storable


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


def _page_key(request) -> str:
    query = urlencode(sorted(request.GET.items()))
    variant = (
        request.scheme,
        "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "",
    )
    address = f"{variant}{request.path}?{query}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _shared_page(key: str, version: int) -> CachedPage | None:
    """The page under `key` as another worker or server stored it, if still current."""
    page = cache.get(key, version=PAGE_FORMAT)
    if page is None or page.version != version or page.expires <= time.time():
        return None
    local_pages.put(key, page)
    return page


def _store_page(key: str, version: int, response) -> None:
    headers = {name: value for name, value in response.items() if name != HIT_HEADER}
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    page = CachedPage(version, expires, response.content, headers)
    cache.set(key, page, settings.PAGE_CACHE_SECONDS, version=PAGE_FORMAT)
    local_pages.put(key, page)


def _replay(page: CachedPage) -> HttpResponse:
    response = HttpResponse(page.content, headers=page.headers)
    response[HIT_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serves and stores the cached pages. Placed above everything but the security and
    static-file middleware, so a hit on this worker's own copy skips the rest. Otherwise the
    request goes down the stack to the view, where `cache_public_page` finds out whether the
    page is cached at all: it answers with the shared copy when there is one (which this
    middleware replays in place of whatever the stack made of that answer), or marks the
    request so that the response is stored as it comes back up, headers and all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_get(request):
            return self.get_response(request)
        try:
            request.get_host()  # a Host header not in ALLOWED_HOSTS gets Django's 400
        except DisallowedHost:
            return self.get_response(request)
        version = content_version.current()
        if version is None:  # the shared cache is down: this worker cannot tell what is current
            return self.get_response(request)
        key = _page_key(request)
        page = local_pages.get(key)
        if page is not None and page.version == version and page.expires > time.time():
            return _replay(page)

        request._pagecache = _Lookup(key, version)
        response = self.get_response(request)
        if request._pagecache.shared is not None:
            return _replay(request._pagecache.shared)
        if request._pagecache.storable and _cacheable_response(request, response):
            _store_page(key, version, response)
            response[HIT_HEADER] = "miss"
        return response


@dataclass
class _Lookup:
    """Between the middleware and the view, for one request."""

    key: str
    version: int
    shared: CachedPage | None = None  # found in the shared cache by the view's wrapper
    storable: bool = False  # a cached view with a query it understands


def cache_public_page(view, *, query=(), search=None):
    """Marks a view as one whose anonymous pages PageCacheMiddleware keeps; for a class-based
    view use `cache_public_page(View.as_view())`.

    `query`: the names of the query parameters the page understands; a request with any
    other is rendered without the cache. `search`: the parameter that searches (`"q"`): a
    search is rendered without the cache (every query would be an entry of its own), an
    empty one is the page itself."""
    page_query = PageQuery(frozenset(query) | ({search} if search else set()), search)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        lookup = getattr(request, "_pagecache", None)
        if lookup is None or not page_query.understands(request):
            return view(request, *args, **kwargs)
        lookup.shared = _shared_page(lookup.key, lookup.version)
        if lookup.shared is not None:
            return HttpResponse()  # replaced by the shared page in the middleware
        lookup.storable = True
        return view(request, *args, **kwargs)

    return cached_view
