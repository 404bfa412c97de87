from django.urls import path

from erfaringssentrum.views import placeholder

app_name = "faq"

urlpatterns = [
    path(
        "",
        placeholder(
            "Spørsmål og svar",
            "Svar på det folk oftest lurer på om rollen, lønn og utdanning kommer her.",
        ),
        name="index",
    ),
]
