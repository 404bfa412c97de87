"""Staff groups with least privilege: Redaktør (resources and FAQ), Vurderingsansvarlig
(assessments) and Kursansvarlig (courses).

Each app grants the add/change/delete/view rights on its own models to its group after every
`migrate` and `flush` (post_migrate; flush runs between transactional tests and before a
restore), so a fresh, migrated or flushed database always has complete groups. Rights are
only ever added here, because two apps share Redaktør.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate

ACTIONS = ("add", "change", "delete", "view")


def grant_app_rights(app_config, *, group_name, models, apps=global_apps, using="default"):
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for model in models:
            apps.get_model(app_config.label, model)
    except LookupError:  # migrating backwards, or not that far yet
        return
    # auth's own post_migrate receiver, which creates the permissions, may run after this one.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group, _ = Group.objects.using(using).get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for model in models for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=app_config.label, codename__in=codenames
        )
    )


def connect_staff_group(app_config, *, group_name, models=None):
    """Call from AppConfig.ready(): the group gets the rights on the app's `models` (model
    names; all of the app's models if not given)."""
    models = models or [model._meta.model_name for model in app_config.get_models()]

    def receiver(sender, app_config, using="default", apps=global_apps, **kwargs):
        # `flush` sends post_migrate without `apps`.
        grant_app_rights(app_config, group_name=group_name, models=models, apps=apps, using=using)

    post_migrate.connect(
        receiver, sender=app_config, weak=False, dispatch_uid=f"staff-group-{app_config.label}"
    )
