from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from erfaringssentrum.core.links import absolute_url

from .models import Resource

FEED_SIZE = 20


class LatestResourcesFeed(Feed):
    """Atom feed of the newest published resources (`/ressurser/feed/`)."""

    feed_type = Atom1Feed
    title = "Nye ressurser fra Erfaringssentrum"
    subtitle = (
        "Artikler, tips, veiledere og videoer om erfaringskonsulenter og erfaringskompetanse."
    )

    # Absolute links on SITE_URL: Django's Feed would put the requested host in front.
    def link(self):
        return absolute_url(reverse("resources:index"))

    def feed_url(self):
        return absolute_url(reverse("resources:feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return Resource.objects.published().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
