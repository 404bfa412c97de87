"""`/sitemap.xml` is put together from what each app lists: an app takes part by defining
`SITEMAPS = {"section-name": SitemapClass}` in its `sitemaps.py` (found by
core/discovery.py, in INSTALLED_APPS order; the project's own pages first)."""

from .discovery import app_modules
from .links import site_url_sitemap


def all_sitemaps() -> dict:
    sitemaps = {}
    for module in app_modules("sitemaps", defining="SITEMAPS"):
        sitemaps.update(module.SITEMAPS)
    # Every link on SITE_URL, whichever host the request named (see links.py).
    return {name: site_url_sitemap(sitemap) for name, sitemap in sitemaps.items()}
