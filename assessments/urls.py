from django.urls import path

from erfaringssentrum.views import placeholder

app_name = "assessments"

urlpatterns = [
    path(
        "",
        placeholder(
            "Vurdering",
            "Her kan NAV og tiltak snart booke en gratis vurderingssamtale for en kandidat.",
        ),
        name="index",
    ),
]
