"""Staff rights come from groups with least privilege: each group only its own apps."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

GROUPS = {
    "Redaktør": {"resources", "faq"},
    "Vurderingsansvarlig": {"assessments"},
    "Kursansvarlig": {"courses"},
}
# Rights a group has outside its apps: editors keep the site search's synonyms.
ALSO = {"Redaktør": {"erfaringssentrum.searchsynonym"}}


def _outside_own_apps(name, granted):
    also = ALSO.get(name, set())
    return {(app, code) for app, code in granted if f"{app}.{code.split('_', 1)[1]}" not in also}


@pytest.mark.parametrize("name, apps", GROUPS.items())
def test_group_has_rights_in_its_own_apps_only(name, apps):
    group = Group.objects.get(name=name)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {app for app, _ in _outside_own_apps(name, granted)} == apps
    for app in apps:
        assert any(code.startswith("view_") for a, code in granted if a == app)
        assert any(code.startswith("change_") for a, code in granted if a == app)


def test_no_group_can_manage_users_or_groups():
    for group in Group.objects.filter(name__in=GROUPS):
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        labels = {app for app, _ in _outside_own_apps(group.name, granted)}
        assert not labels & {"auth", "erfaringssentrum", "account", "mfa", "sessions"}
