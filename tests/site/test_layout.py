"""The shape of the code (issue #18): the shared machinery in erfaringssentrum/core/ knows no
domain app, so the apps import it and never the other way round."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

import erfaringssentrum.core

ROOT = Path(__file__).resolve().parents[2]
CORE = Path(erfaringssentrum.core.__file__).parent
PROJECT = "erfaringssentrum"
# The one part of the project package that core may use: the models Django keeps in the app
# (the user, the contact details, the failed e-mails).
ALLOWED_FROM_PROJECT = {"erfaringssentrum.models"}


def domain_apps() -> set[str]:
    """The installed apps of this repository other than the project package."""
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and config.name != PROJECT
    }


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            # `from package import module` imports the module too.
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def forbidden(module: str, domain: set[str]) -> bool:
    top = module.split(".")[0]
    if top in domain:
        return True
    if top != PROJECT or module in {PROJECT, *ALLOWED_FROM_PROJECT}:
        return False
    is_core = module == "erfaringssentrum.core" or module.startswith("erfaringssentrum.core.")
    # `from erfaringssentrum.models import User` names a class in an allowed module.
    return not is_core and not any(module.startswith(f"{m}.") for m in ALLOWED_FROM_PROJECT)


def test_the_domain_apps_are_found():
    assert domain_apps() == {"resources", "faq", "assessments", "courses"}


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_domain_app_and_nothing_of_the_project_but_its_models(path):
    domain = domain_apps()
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for line, module in imported_modules(path)
        if forbidden(module, domain)
    ]
    assert not wrong, "\n".join(wrong)
