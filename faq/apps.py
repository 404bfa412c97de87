from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Spørsmål og svar"

    def ready(self):
        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="faq-editor-group")
