from django.urls import path

from erfaringssentrum.core.pagecache import cache_public_page

from . import views

app_name = "faq"

urlpatterns = [
    path(
        "",
        cache_public_page(views.FaqIndexView.as_view(), query=("kategori",), search="q"),
        name="index",
    ),
    path("<slug:slug>/", cache_public_page(views.QuestionDetailView.as_view()), name="question"),
]
