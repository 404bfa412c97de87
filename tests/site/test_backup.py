"""The documented backup method (dumpdata/loaddata) round-trips the demo data."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"contenttypes", "sessions", "admin"}
        and model._meta.label != "auth.Permission"
    }


@pytest.mark.django_db(transaction=True)
def test_dumpdata_and_loaddata_round_trip_the_demo_data(settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    before = counts()
    assert before["erfaringssentrum.User"] >= 2

    backup = tmp_path / "backup.json"
    excludes = [f"--exclude={label}" for label in BACKUP_EXCLUDES]
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", *excludes,
        "--output", str(backup), stdout=io.StringIO(),
    )  # fmt: skip
    call_command("flush", "--no-input", stdout=io.StringIO())
    assert counts()["erfaringssentrum.User"] == 0

    call_command("loaddata", str(backup), stdout=io.StringIO())
    assert counts() == before
