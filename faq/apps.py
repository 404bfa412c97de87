from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Spørsmål og svar"

    def ready(self):
        from erfaringssentrum.core.pagecache import register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        connect_staff_group(self, group_name="Redaktør")

        register_content_models("faq.Category", "faq.Question")
