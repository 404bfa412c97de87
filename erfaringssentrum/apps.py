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
        from .core.staff_groups import connect_staff_group

        register_content_models("erfaringssentrum.ContactDetails")
        # Editors keep the search's synonyms; the rest of the project's models are not theirs.
        connect_staff_group(self, group_name="Redaktør", models=["searchsynonym"])
