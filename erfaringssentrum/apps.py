from django.apps import AppConfig


class ErfaringssentrumConfig(AppConfig):
    name = "erfaringssentrum"
    verbose_name = "Nettstedet"
