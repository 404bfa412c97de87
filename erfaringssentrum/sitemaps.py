"""The site's own pages in `/sitemap.xml` (core/sitemaps.py adds each app's)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SitePagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["front-page", "about", "privacy", "accessibility"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "front-page" else 0.5


SITEMAPS = {"sider": SitePagesSitemap}
