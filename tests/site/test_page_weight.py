"""The front page is light on a phone, and the trimmed Bootstrap keeps every class we use."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
FULL_BOOTSTRAP = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
SITE_BOOTSTRAP = ROOT / "static" / "css" / "bootstrap.site.css"
BUDGET = 100 * 1024


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=9))


@pytest.mark.django_db
def test_front_page_transfers_at_most_100_kb_compressed(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"  # as the server sends it
    total = len(response.content)
    html = gzip.decompress(response.content)
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets, "the page should load its CSS and JS from our own static files"
    for asset in assets:
        total += compressed_size(Path(finders.find(asset.decode())).read_bytes())
    assert not re.search(rb"<img(?![^>]*\bwidth=)", html), "images need width and height"
    assert total <= BUDGET, f"{total} bytes"


@pytest.mark.django_db
def test_no_render_blocking_javascript(client):
    html = client.get("/").content.decode()
    for script in re.findall(r"<script[^>]*\bsrc=[^>]*>", html):
        assert " defer" in script or " async" in script, script


def template_classes() -> set[str]:
    classes = set()
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        for value in re.findall(r'class="([^"]*)"', template.read_text()):
            classes.update(token for token in value.split() if re.fullmatch(r"[a-z][\w-]*", token))
    return classes


def test_trimmed_bootstrap_keeps_every_class_the_templates_use():
    full, trimmed = FULL_BOOTSTRAP.read_text(), SITE_BOOTSTRAP.read_text()
    missing = [
        name
        for name in sorted(template_classes())
        if re.search(rf"\.{re.escape(name)}(?![\w-])", full)
        and not re.search(rf"\.{re.escape(name)}(?![\w-])", trimmed)
    ]
    assert not missing, f"run `make css`: {missing}"
    assert len(trimmed) < len(full) / 2
