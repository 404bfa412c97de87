from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from . import privacy_views, views
from .core.pagecache import cache_public_page
from .core.sitemaps import all_sitemaps
from .site_search import SiteSearchView

# The admin site (erfaringssentrum/admin_site.py) requires two-factor for staff. Its login
# goes through allauth, so its rate limits and two-factor step apply.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = "erfaringssentrum.views.server_error"

urlpatterns = [
    path("", cache_public_page(views.FrontPageView.as_view()), name="front-page"),
    path(
        "om-oss/",
        TemplateView.as_view(template_name="pages/about.html"),
        name="about",
    ),
    path("personvern/", views.PrivacyView.as_view(), name="privacy"),
    path(
        "tilgjengelighet/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("min-side/", views.MinSideView.as_view(), name="min-side"),
    path("min-side/mine-opplysninger/", views.MyDetailsView.as_view(), name="my-details"),
    path("min-side/mine-data/", privacy_views.MyDataDownloadView.as_view(), name="my-data"),
    path(
        "min-side/slett-konto/",
        privacy_views.DeleteAccountView.as_view(),
        name="delete-account",
    ),
    path("helse/", views.health, name="health"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": all_sitemaps()},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sok/", SiteSearchView.as_view(), name="search"),
    path("ressurser/", include("resources.urls")),
    path("sporsmal-og-svar/", include("faq.urls")),
    path("vurdering/", include("assessments.urls")),
    path("kurs/", include("courses.urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK:
    # The floor the benchmark measures every page against (scripts/bench.py).
    urlpatterns.append(path("bench/minimal/", views.minimal, name="bench-minimal"))
