"""The staff group "Vurderingsansvarlig": exactly the permissions of the assessments app."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Vurderingsansvarlig"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make them now.
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True  # the historical app config has none; the check wants one
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(Permission.objects.filter(content_type__app_label="assessments"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
