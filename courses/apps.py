from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Kurs"

    def ready(self):
        from erfaringssentrum.core.pagecache import register_content_models
        from erfaringssentrum.core.staff_groups import connect_staff_group

        connect_staff_group(self, group_name="Kursansvarlig")
        # The cached list and course pages show counts, so a signup also refreshes them.
        register_content_models(
            "courses.CourseType", "courses.Course", "courses.Signup", "courses.DateOption"
        )
