from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Resource

# The library's pages of its own (URL name: priority), before the resources.
PAGES = {"index": 0.8, "self-check": 0.7}


class ResourceSitemap(Sitemap):
    """The library's list page, the self-check and every published resource."""

    changefreq = "weekly"

    def items(self):
        return [*PAGES, *Resource.objects.published().newest_first().only("slug", "updated_at")]

    def location(self, item):
        return reverse(f"resources:{item}") if item in PAGES else item.get_absolute_url()

    def lastmod(self, item):
        return None if item in PAGES else item.updated_at

    def priority(self, item):
        return PAGES.get(item, 0.6)


SITEMAPS = {"ressurser": ResourceSitemap}
