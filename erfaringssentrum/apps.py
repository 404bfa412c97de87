from django.apps import AppConfig


class ErfaringssentrumConfig(AppConfig):
    name = "erfaringssentrum"
    verbose_name = "Nettstedet"

    def ready(self):
        from . import (
            launch_checks,  # noqa: F401 - registers the launch check (check --deploy)
            signals,  # noqa: F401 - connects the security log receivers
        )
        from .core.pagecache import register_content_models

        register_content_models("erfaringssentrum.ContactDetails")
