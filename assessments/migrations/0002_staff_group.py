"""The staff group "Vurderingsansvarlig" with exactly the assessments permissions."""

from django.db import migrations

GROUP_NAME = "Vurderingsansvarlig"


def create_group(apps, schema_editor):
    from erfaringssentrum.core.staff_groups import grant_app_rights

    app_config = apps.get_app_config("assessments")
    app_config.models_module = True  # the historical app config has none; create_permissions wants one
    grant_app_rights(
        app_config,
        group_name=GROUP_NAME,
        models=["slot", "booking", "calendarfeed"],
        apps=apps,
        using=schema_editor.connection.alias,
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
