from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Ressurser"

    def ready(self):
        from erfaringssentrum.core.pagecache import bump_content_version, register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        from .models import Resource

        connect_staff_group(self, group_name="Redaktør")
        # Cached public pages (front page, list, detail, feed) show resources and audiences.
        register_content_models("resources.Resource", "resources.Audience")
        m2m_changed.connect(
            bump_content_version,
            sender=Resource.audiences.through,
            dispatch_uid="pagecache-resources-audiences",
        )
