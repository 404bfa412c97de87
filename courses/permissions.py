"""The staff group "Kursansvarlig": exactly the permissions of the courses app.

Migration 0002 creates it; a post_migrate receiver completes it after every `migrate` and
`flush` (run between transactional tests), so a fresh or flushed database always has it.
Members also need "ansatt" (is_staff) and two-factor authentication to reach the admin.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

GROUP_NAME = "Kursansvarlig"


def ensure_staff_group(app_config, *, apps, using="default") -> None:
    # Permissions are normally made by a post_migrate receiver that may not have run yet.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.using(using).filter(content_type__app_label=app_config.label)
    )


def on_post_migrate(sender, app_config, using="default", apps=global_apps, **kwargs):
    try:
        apps.get_model("auth", "Group")
        apps.get_model(app_config.label, "CourseMessage")
    except LookupError:  # migrating backwards, or not that far yet
        return
    ensure_staff_group(app_config, apps=apps, using=using)
