from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Resource

FEED_SIZE = 20


class LatestResourcesFeed(Feed):
    """Atom feed of the newest published resources (`/ressurser/feed/`)."""

    feed_type = Atom1Feed
    title = "Nye ressurser fra Erfaringssentrum"
    subtitle = (
        "Artikler, tips, veiledere og videoer om erfaringskonsulenter og erfaringskompetanse."
    )

    def link(self):
        return reverse("resources:index")

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
