from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Vurderingssamtaler"

    def ready(self):
        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="assessments-staff-group")

        from erfaringssentrum.pagecache import register_content_models

        # /vurdering/ lists free slots: a new booking or slot must show at once.
        register_content_models("assessments.Slot", "assessments.Booking")
