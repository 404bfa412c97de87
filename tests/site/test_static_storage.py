"""Each static file's URL is worked out once per process (core/static_storage.py)."""

import json

import pytest

from erfaringssentrum.core.static_storage import StaticFilesStorage


@pytest.fixture
def storage(settings, tmp_path):
    manifest = {"version": "1.1", "hash": "x", "paths": {"css/site.css": "css/site.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.DEBUG = False
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_hashed_url_is_looked_up_once_and_then_kept(storage, monkeypatch):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    looked_up = []
    monkeypatch.setattr(storage, "stored_name", lambda name: looked_up.append(name))
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert looked_up == []


def test_with_debug_on_names_are_not_hashed_even_after_one_was_kept(storage, settings):
    storage.url("css/site.css")
    settings.DEBUG = True
    assert storage.url("css/site.css") == "/static/css/site.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/ny.css")
