from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Ressurser"

    def ready(self):
        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="resources-editor-group")
