from django.contrib.sitemaps import Sitemap

from .models import Course


class CourseSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Course.objects.open_or_upcoming().in_public_order()


SITEMAPS = {"kurs": CourseSitemap}
