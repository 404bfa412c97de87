import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from erfaringssentrum.core.staff_groups import grant_app_rights

EDITOR_GROUP = "Redaktør"

pytestmark = pytest.mark.django_db

EXPECTED = {
    f"{action}_{model}"
    for model in ("resource", "audience", "formerslug")
    for action in ("add", "change", "delete", "view")
}


def resource_codenames(group):
    return set(
        group.permissions.filter(content_type__app_label="resources").values_list(
            "codename", flat=True
        )
    )


def test_migrate_gives_the_editor_group_the_resource_permissions():
    group = Group.objects.get(name=EDITOR_GROUP)
    assert resource_codenames(group) == EXPECTED


def test_ensuring_the_group_again_keeps_other_apps_permissions():
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    other = Permission.objects.get(codename="view_user")
    group.permissions.add(other)

    for _ in range(2):
        grant_app_rights(
            apps.get_app_config("resources"),
            group_name=EDITOR_GROUP,
            models=["resource", "audience"],
            apps=apps,
        )

    assert Group.objects.filter(name=EDITOR_GROUP).count() == 1
    assert other in group.permissions.all()
    assert resource_codenames(group) == EXPECTED


def test_an_editor_can_manage_resources_in_admin(client, user_factory, resource_factory):
    editor = user_factory(is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)
    draft = resource_factory(is_published=False)

    assert client.get("/admin/resources/resource/add/").status_code == 200
    assert client.get(f"/ressurser/{draft.slug}/").status_code == 200
