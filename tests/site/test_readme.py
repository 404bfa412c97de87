"""The README's layout is true: every path it names exists, and the fixtures it lists are
fixtures."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
TOP_LEVEL = {path.name for path in ROOT.iterdir()} - {".venv", ".git"}


def named_in(text: str) -> set[str]:
    return set(re.findall(r"`([^`\s]+)`", text))


def layout_section() -> str:
    return README.split("## Layout", 1)[1].split("\n## ", 1)[0]


def repository_paths() -> list[str]:
    """Every `path` in the README that starts with one of the repository's own folders."""
    return sorted(
        name for name in named_in(README) if name.split("/", 1)[0] in TOP_LEVEL and "/" in name
    )


@pytest.mark.parametrize("path", repository_paths())
def test_every_repository_path_in_the_readme_exists(path):
    assert list(ROOT.glob(path)), f"README.md names {path}, which does not exist"


def test_every_file_the_layout_names_exists():
    files = {
        name
        for name in named_in(layout_section())
        if re.fullmatch(r"[\w.-]+\.(py|md|html|sh|lua)", name)
    }
    assert len(files) > 10
    missing = [
        name
        for name in sorted(files)
        if not any(".venv" not in found.parts for found in ROOT.rglob(name))
    ]
    assert missing == []


def test_the_fixtures_the_layout_lists_are_fixtures():
    conftest = (ROOT / "tests" / "conftest.py").read_text()
    fixtures = {name for name in named_in(layout_section()) if name.endswith("_factory")}
    assert len(fixtures) >= 7
    assert [name for name in sorted(fixtures) if f"def {name}(" not in conftest] == []
