"""Absolute links for what leaves the page: e-mails, feeds, sitemaps, calendar files, JSON-LD.

They are built from SITE_URL, never from the request's Host header: the client chooses that
header (any allowed host, any port), and a cached page or a queued e-mail outlives the
request that made it.
"""

from urllib.parse import urlsplit

from django.conf import settings


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
