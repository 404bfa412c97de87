from django.urls import path

from erfaringssentrum.views import placeholder

app_name = "courses"

urlpatterns = [
    path(
        "",
        placeholder(
            "Kurs", "Her kan du snart melde deg på gratis fellessamlinger for NAV og tiltak."
        ),
        name="index",
    ),
]
