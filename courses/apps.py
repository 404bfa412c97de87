from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Kurs"

    def ready(self):
        from erfaringssentrum.pagecache import register_content_models

        from .permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="courses-staff-group")
        # The cached list and course pages show counts, so a signup also refreshes them.
        register_content_models(
            "courses.CourseType", "courses.Course", "courses.Signup", "courses.DateOption"
        )
