"""Gives the staff group "Redaktør" full rights over questions and categories.

Permissions are normally created after `migrate` has finished (post_migrate), so this
migration creates them itself first. get_or_create only: the resource library adds its
rights to the same group, and nothing here removes what others have added.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redaktør"
MODELS = ["category", "question"]
ACTIONS = ["add", "change", "delete", "view"]


def grant_editor_rights(apps, schema_editor):
    app_config = apps.get_app_config("faq")
    # A historical app config has no models module, and create_permissions skips such apps.
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    try:
        create_permissions(
            app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
        )
    finally:
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="faq", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_editor_rights, migrations.RunPython.noop, elidable=False),
    ]
