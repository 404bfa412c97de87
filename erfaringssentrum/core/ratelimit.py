"""A cache-based rate limit for the site's own POSTs (booking, course signup, «Slett kontoen»)
and, through `hit_key`, for anything else counted per window (the account e-mails to one
address a day, erfaringssentrum/adapters.py).

Login, signup and password reset also have allauth's own limits. The cache is the site's
default cache, so with a shared cache (CACHE_URL=redis://…) the limit holds across app
servers.
"""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .client_ip import client_ip


def client_key(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def hit(request, *, action: str, limit: int, period: int, per_page: bool = False) -> bool:
    """Counts one attempt; False once more than `limit` were made in the current window.
    `per_page`: counted per address (a candidate's link), not per client, whoever posts."""
    if per_page:
        who = "page:" + hashlib.sha256(request.path.encode()).hexdigest()
    else:
        who = client_key(request)
    return hit_key(f"{action}:{who}", limit=limit, period=period)


def hit_key(name: str, *, limit: int, period: int) -> bool:
    """Counts one attempt for `name` (whatever is limited, with no personal data in it); False
    once more than `limit` were made in the current window of `period` seconds."""
    window = int(time.time() // period)
    key = f"ratelimit:{name}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def seconds_until_next_window(period: int) -> int:
    """When `hit_key`'s count for `period` starts again: its windows are fixed, not rolling."""
    return math.ceil(period - time.time() % period)


def too_many_requests(request, *, retry_after: int | None = None):
    """The 429 page; `retry_after` (seconds until the count starts again) tells how long to
    wait, on the page and in the Retry-After header."""
    context = {}
    if retry_after is not None:
        context["retry_minutes"] = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", context, status=429)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def ratelimit_post(*, action: str, per_page: bool = False):
    """Decorates a view (function or `dispatch`) so that POSTs over the limit get a 429.

    The limit is read at request time from settings.RATE_LIMITS[action] = (count, seconds).
    `per_page` counts per address instead of per client (see `hit`).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if not hasattr(args[0], "request") else args[0].request
            limit, period = settings.RATE_LIMITS[action]
            if request.method == "POST" and not hit(
                request, action=action, limit=limit, period=period, per_page=per_page
            ):
                return too_many_requests(
                    request, retry_after=seconds_until_next_window(period)
                )
            return view(*args, **kwargs)

        return wrapped

    return decorator
