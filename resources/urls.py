from django.urls import path

from . import views
from .feeds import LatestResourcesFeed

app_name = "resources"

urlpatterns = [
    path("", views.ResourceListView.as_view(), name="index"),
    # Fixed paths before <slug:slug>/, or they would be taken for a resource.
    path("passer-jeg/", views.SelfCheckView.as_view(), name="self-check"),
    path("feed/", LatestResourcesFeed(), name="feed"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="detail"),
    path("<slug:slug>/pdf/", views.resource_pdf, name="pdf"),
]
