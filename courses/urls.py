from django.urls import path

from erfaringssentrum.core.pagecache import cache_public_page

from . import views

app_name = "courses"

urlpatterns = [
    path("", cache_public_page(views.CourseListView.as_view()), name="index"),
    path("interesse/<slug:slug>/", views.InterestView.as_view(), name="interest"),
    path("interesse/<int:pk>/fjern/", views.InterestRemoveView.as_view(), name="interest-remove"),
    path("pameldinger/<int:pk>/avmelding/", views.SignupCancelView.as_view(), name="cancel"),
    path("pameldinger/<int:pk>/ny-dato/", views.DateChoiceView.as_view(), name="date-choice"),
    path("<slug:slug>/", cache_public_page(views.CourseDetailView.as_view()), name="detail"),
    path("<slug:slug>/pamelding/", views.SignupCreateView.as_view(), name="signup"),
    path("<slug:slug>/datoavstemning/", views.PollView.as_view(), name="poll"),
]
