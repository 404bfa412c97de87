from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Spørsmål og svar"

    def ready(self):
        from erfaringssentrum.core.pagecache import bump_content_version, register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        from .models import Question

        connect_staff_group(self, group_name="Redaktør")

        register_content_models("faq.Category", "faq.Question")
        m2m_changed.connect(
            bump_content_version,
            sender=Question.related_resources.through,
            dispatch_uid="pagecache-faq-related",
        )
