from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Vurderingssamtaler"

    def ready(self):
        from erfaringssentrum.core.pagecache import register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        from . import signals  # noqa: F401 - connects the e-mail confirmation receiver

        connect_staff_group(self, group_name="Vurderingsansvarlig")

        # /vurdering/ lists free slots: a new booking or slot must show at once.
        register_content_models("assessments.Slot", "assessments.Booking")
