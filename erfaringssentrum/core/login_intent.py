"""What a visitor was about to do when a page sent them to log in or sign up.

The login and signup pages say it («Du er i ferd med å booke onsdag 2. desember kl. 10.00»),
read from the `next` address allauth carries. The address is never shown: it is resolved to
one of the site's own views, and the view describes itself (a class attribute
`login_intent(**url_kwargs) -> str`, declared by the app that owns the view). Anything else,
another host, a broken path or a view without a description, says nothing.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

NEXT_FIELD = "next"


def login_intent(request) -> str:
    """The sentence for the page, or "" when the `next` address does not name one."""
    if request is None:
        return ""
    next_url = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or ""
    parts = urlsplit(next_url)
    # Only a path on this site: no scheme, no host, not "//host" or a backslash trick.
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in next_url:
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    describe = getattr(getattr(match.func, "view_class", None), "login_intent", None)
    if describe is None:
        return ""
    return describe(**match.kwargs) or ""
