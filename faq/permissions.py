"""The staff group "Redaktør" may add, change, delete and view questions and categories.

Migration 0002 sets this up on a new database. `flush` (between transactional tests, or
before restoring a backup) empties the groups table and then sends post_migrate, so the same
rights are granted again after every migrate/flush. Other apps add their rights to the same
group; nothing here removes any.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR_GROUP = "Redaktør"
MODELS = ["category", "question"]
ACTIONS = ["add", "change", "delete", "view"]


def on_post_migrate(sender, app_config, using="default", apps=global_apps, **kwargs):
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        apps.get_model(app_config.label, "Question")
    except LookupError:  # migrating backwards, or not that far yet
        return
    # auth's own post_migrate receiver, which creates permissions, may run after this one.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group, _ = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=app_config.label, codename__in=codenames
        )
    )
