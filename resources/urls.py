from django.urls import path

from erfaringssentrum.views import placeholder

app_name = "resources"

urlpatterns = [
    path(
        "",
        placeholder(
            "Ressurser",
            "Artikler, tips og veiledere om rollen som erfaringskonsulent kommer her.",
        ),
        name="index",
    ),
]
