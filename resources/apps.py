from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Ressurser"

    def ready(self):
        from erfaringssentrum.core.pagecache import register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        connect_staff_group(self, group_name="Redaktør")
        # Cached public pages (front page, list, detail, feed) show resources and audiences.
        register_content_models("resources.Resource", "resources.Audience")
