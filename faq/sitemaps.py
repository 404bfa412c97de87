from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Question

FAQ_PAGE = "faq:index"


class FaqSitemap(Sitemap):
    """The FAQ page and the permalink of every published question."""

    changefreq = "monthly"

    def items(self):
        questions = Question.objects.published().order_by("pk").only("slug", "updated_at")
        return [FAQ_PAGE, *questions]

    def location(self, item):
        return reverse(FAQ_PAGE) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at

    def priority(self, item):
        return 0.8 if isinstance(item, str) else 0.6


SITEMAPS = {"sporsmal": FaqSitemap}
