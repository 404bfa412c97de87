from django.contrib.sitemaps import Sitemap


class NewSitemap(Sitemap):
    def items(self):
        return ["/ny/"]

    def location(self, item):
        return item


SITEMAPS = {"ny": NewSitemap}
