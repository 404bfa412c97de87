import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest

# No page of the site needs any of these browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
PERSONAL_PATH_PREFIXES = ("/min-side/", "/konto/", "/admin/")


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, and no-store for pages with personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        # path_info: the path within the site, the same under a SCRIPT_NAME prefix.
        if (user is not None and user.is_authenticated) or request.path_info.startswith(
            PERSONAL_PATH_PREFIXES
        ):
            response["Cache-Control"] = "no-store"
        return response


class SessionLimitsMiddleware:
    """A logged-in session ends after SESSION_COOKIE_AGE without activity and after
    SESSION_ABSOLUTE_MAX_AGE in any case.

    Activity moves the expiry forward, but the session is written at most once per
    SESSION_REFRESH_SECONDS rather than on every request (SESSION_SAVE_EVERY_REQUEST), which
    would cost a database write per page view.
    """

    STARTED = "_session_started_at"
    SEEN = "_session_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            if now - session.setdefault(self.STARTED, now) > settings.SESSION_ABSOLUTE_MAX_AGE:
                logout(request)
            elif now - session.get(self.SEEN, 0) > settings.SESSION_REFRESH_SECONDS:
                session[self.SEEN] = now  # saved with a new expiry
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a cookie gets a 400. No address of the site
    has one, and PostgreSQL refuses it in any query: a calendar token, an admin filter or a
    session key with %00 in it would otherwise answer 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        texts = [request.path, *request.COOKIES, *request.COOKIES.values()]
        for name, values in request.GET.lists():
            texts += [name, *values]
        if any("\x00" in text for text in texts):
            raise BadRequest("NUL i adressen eller en informasjonskapsel")
        return self.get_response(request)
