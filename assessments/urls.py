from django.urls import path

from erfaringssentrum.core.pagecache import cache_public_page

from . import views

app_name = "assessments"

urlpatterns = [
    path("", cache_public_page(views.IndexView.as_view()), name="index"),
    path("book/<int:pk>/", views.BookView.as_view(), name="book"),
    path("booking/<int:pk>/", views.BookingDetailView.as_view(), name="booking-detail"),
    path("booking/<int:pk>/kalender.ics", views.BookingIcsView.as_view(), name="booking-ics"),
    path("booking/<int:pk>/avbestill/", views.BookingCancelView.as_view(), name="booking-cancel"),
    path("booking/<int:pk>/rettelser/", views.BookingCorrectView.as_view(), name="booking-correct"),
    path("booking/<int:pk>/endre-tid/", views.BookingMoveView.as_view(), name="booking-move"),
    path(
        "kandidat/<str:token>/",
        views.CandidateConfirmView.as_view(),
        name="candidate-confirm",
    ),
    path(
        "kalender/<str:token>.ics",
        views.ConsultantFeedView.as_view(),
        name="consultant-feed",
    ),
]
