from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Spørsmål og svar"

    def ready(self):
        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="faq-editor-group")

        from django.db.models.signals import m2m_changed

        from erfaringssentrum.pagecache import bump_content_version, register_content_models

        from .models import Question

        register_content_models("faq.Category", "faq.Question")
        m2m_changed.connect(
            bump_content_version,
            sender=Question.related_resources.through,
            dispatch_uid="pagecache-faq-related",
        )
