"""The shape of the code (issue #18): the shared machinery in erfaringssentrum/core/ knows no
domain app, so the apps import it and never the other way round; and each app declares what it
adds to the site in its own modules, so adding an app touches no central list."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

import erfaringssentrum.core
from erfaringssentrum import site_search
from erfaringssentrum.core.discovery import app_modules
from erfaringssentrum.core.minside import sections_for
from erfaringssentrum.core.privacy import privacy_modules, user_data_export
from erfaringssentrum.core.sitemaps import all_sitemaps

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


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_names_no_module_of_a_domain_app(path):
    """No hand-kept list of the apps' modules (`"courses.minside.section"`) either."""
    dotted = re.compile(rf"({'|'.join(sorted(domain_apps()))})(\.\w+)+")
    named = [
        f"{path.relative_to(ROOT)}:{node.lineno} names {node.value!r}"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and dotted.fullmatch(node.value)
    ]
    assert not named, "\n".join(named)


def modules(name, defining):
    return [module.__name__ for module in app_modules(name, defining=defining)]


def test_each_feature_finds_the_apps_that_take_part_in_the_order_users_see():
    # Min side: bookings first, then course signups.
    assert modules("minside", "section") == ["assessments.minside", "courses.minside"]
    # Hits of equal rank: questions, then resources, then courses.
    assert modules("search", "site_search") == ["faq.search", "resources.search", "courses.search"]
    assert modules("privacy", "delete_user_data") == ["assessments.privacy", "courses.privacy"]
    assert list(all_sitemaps()) == ["sider", "ressurser", "sporsmal", "vurdering", "kurs"]
    # Accounts first, then content, then what refers to both.
    assert modules("demo", "seed") == [
        "erfaringssentrum.demo",
        "resources.demo",
        "faq.demo",
        "assessments.demo",
        "courses.demo",
    ]


@pytest.fixture
def extra_app(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.site.extra_app"]
    yield "tests.site.extra_app"


def test_a_new_app_takes_part_in_everything_by_its_modules_alone(
    extra_app, rf, user_factory, settings
):

    user = user_factory(email="ny@example.org")
    request = rf.get("/min-side/")
    request.user = user

    assert [s.title for s in sections_for(request)][-1] == "Ny seksjon"
    assert [h.title for h in site_search.search_page("ny").hits] == ["Fra en ny app"]
    assert privacy_modules()[-1].__name__ == f"{extra_app}.privacy"
    assert user_data_export(user=user)["ny_app"] == "ny@example.org"
    assert list(all_sitemaps())[-1] == "ny"
    out = io.StringIO()
    settings.DEBUG = True  # seed_demo runs only so
    call_command("seed_demo", stdout=out)
    assert "ny app seedet" in out.getvalue()


def test_a_module_that_only_shares_a_name_is_not_taken_for_a_provider():
    import django.contrib.postgres.search

    assert django.contrib.postgres.search not in app_modules("search", defining="site_search")
