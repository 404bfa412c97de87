from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Resource


class ResourceSitemap(Sitemap):
    """The library's list page and every published resource."""

    changefreq = "weekly"

    def items(self):
        return ["index", *Resource.objects.published().newest_first().only("slug", "updated_at")]

    def location(self, item):
        return reverse("resources:index") if item == "index" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "index" else item.updated_at

    def priority(self, item):
        return 0.8 if item == "index" else 0.6


SITEMAPS = {"ressurser": ResourceSitemap}
