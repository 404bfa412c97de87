"""A shared cache of the public content pages, for anonymous visitors only.

Readers are mostly anonymous and the pages are the same for all of them, so the rendered page
is kept in the default cache (shared by all app servers when CACHE_URL points to Redis).
Correctness rules:

- Only anonymous GETs without a session or messages cookie are served from or stored in the
  cache, and only 200 responses that did not ask for a CSRF token or a CSP nonce: a cached
  page can never carry another visitor's data, token or nonce.
- Every key includes a content version. Saving or deleting any model an app registers with
  `register_content_models` bumps the version, so a change by staff shows at once.
- Entries also expire after PAGE_CACHE_SECONDS, for what changes with time alone (a slot that
  passes its booking lead time, a course that has taken place).
"""

import hashlib
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "pagecache:content-version"
CACHED_HEADERS = ("Content-Type", "Content-Language")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def register_content_models(*labels: str) -> None:
    """Call from an AppConfig.ready(): changes to these models invalidate cached pages."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"pagecache-{label}")
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"pagecache-{label}-delete"
        )


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "q" not in request.GET  # search results: every query would be a new entry
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not response.has_header("Cache-Control")
        and not getattr(response, "streaming", False)
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:{content_version()}:{path}"


def cache_public_page(view):
    """Decorates a view function; for a class-based view use `cache_public_page(View.as_view())`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
