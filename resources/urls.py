from django.urls import path

from erfaringssentrum.core.pagecache import cache_public_page

from . import views
from .feeds import LatestResourcesFeed

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="index"),
    # Fixed paths before <slug:slug>/, or they would be taken for a resource.
    path("passer-jeg/", views.SelfCheckView.as_view(), name="self-check"),
    path("feed/", cache_public_page(LatestResourcesFeed()), name="feed"),
    path("<slug:slug>/", cache_public_page(views.ResourceDetailView.as_view()), name="detail"),
    path("<slug:slug>/pdf/", views.resource_pdf, name="pdf"),
]
