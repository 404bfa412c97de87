"""The staff group "Redaktør": may add, change, delete and view the library's content.

Created (or completed) after every `migrate`, so a fresh database and a flushed test database
both have it. Other apps add their own permissions to the same group; it is never deleted.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR_GROUP = "Redaktør"
MODELS = ["resource", "audience"]
ACTIONS = ["add", "change", "delete", "view"]


def ensure_editor_group(app_config, *, apps, using="default") -> None:
    # Permissions are normally created by a post_migrate receiver that may run after this one.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label, codename__in=codenames
    )
    group.permissions.add(*permissions)


def on_post_migrate(sender, app_config, using="default", apps=global_apps, **kwargs):
    # `flush` (used between transactional tests) sends post_migrate without `apps`.
    try:
        apps.get_model("auth", "Group")
        apps.get_model(app_config.label, "Resource")
    except LookupError:  # migrating backwards, or not that far yet
        return
    ensure_editor_group(app_config, apps=apps, using=using)
