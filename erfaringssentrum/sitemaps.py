"""`/sitemap.xml`: the site's own pages plus whatever each app lists in `<app>/sitemaps.py`.

An app takes part by defining `SITEMAPS = {"section-name": SitemapClass}` in its
`sitemaps.py`.
"""

from importlib import import_module

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .core.links import site_url_sitemap

APPS_WITH_SITEMAPS = ["resources", "faq", "courses", "assessments"]


class SitePagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["front-page", "about", "privacy", "accessibility"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "front-page" else 0.5


def all_sitemaps() -> dict:
    sitemaps = {"sider": SitePagesSitemap}
    for app in APPS_WITH_SITEMAPS:
        try:
            module = import_module(f"{app}.sitemaps")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.sitemaps":
                raise
            continue
        sitemaps.update(module.SITEMAPS)
    # Every link on SITE_URL, whichever host the request named (see links.py).
    return {name: site_url_sitemap(sitemap) for name, sitemap in sitemaps.items()}
