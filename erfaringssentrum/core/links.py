"""Absolute links for what leaves the page: e-mails, feeds, sitemaps, calendar files, JSON-LD;
and links to many rows of one view without a reverse() per row.

They are built from SITE_URL, never from the request's Host header: the client chooses that
header (any allowed host, any port), and a cached page or a queued e-mail outlives the
request that made it.
"""

from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` as reverse() or get_absolute_url() gives it, on the site's own address."""
    return settings.SITE_URL + path


def site_url_sitemap(sitemap_class):
    """The sitemap class with its links on SITE_URL rather than the requested host."""

    class OnSiteUrl(sitemap_class):
        def get_protocol(self, protocol=None):
            return urlsplit(settings.SITE_URL).scheme

        def get_domain(self, site=None):
            return urlsplit(settings.SITE_URL).netloc

    OnSiteUrl.__name__ = OnSiteUrl.__qualname__ = sitemap_class.__name__
    return OnSiteUrl


# Values no row has, put in the pattern once and replaced per row.
_PLACEHOLDERS = {"pk": 2_147_483_647, "slug": "slug-placeholder"}


def urls_reversed_once(views: dict[str, str]) -> Callable[[], dict[str, str]]:
    """`() -> {name: URL}` for a page's fixed links (`{name: view name}`), reversed on the
    first call and then kept for the process: the header and footer link twelve views on
    every page."""

    @cache
    def urls() -> dict[str, str]:
        return {name: reverse(view) for name, view in views.items()}

    return urls


@cache
def row_url(viewname: str, key: str = "pk") -> Callable[[object], str]:
    """`value -> URL` for a view that takes one row's `key` ("pk" or "slug"), reversed once
    per process: a search page lists up to a hundred hits and Min side links each booking
    five ways, and reverse() costs more than the rest of a row."""
    placeholder = str(_PLACEHOLDERS[key])
    pattern = reverse(viewname, kwargs={key: placeholder})
    if key == "pk":
        return lambda pk: pattern.replace(placeholder, str(int(pk)))
    return lambda slug: pattern.replace(placeholder, slug)
