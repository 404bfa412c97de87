from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class AssessmentsSitemap(Sitemap):
    """The overview page only; booking pages need a login and are not for search engines."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["assessments:index"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"vurdering": AssessmentsSitemap}
