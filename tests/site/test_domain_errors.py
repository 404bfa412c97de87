"""A rule that stops an action raises a domain error whose `message` is shown to the user as
it is: one base class in core (erfaringssentrum/core/errors.py), read one way everywhere."""

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from django.apps import apps

from assessments.services import BookingError
from courses.services import CourseError
from erfaringssentrum.core.errors import DomainError
from erfaringssentrum.core.privacy import AccountDeletionBlocked

ROOT = Path(__file__).resolve().parents[2]


def our_modules():
    """(module name, path) of every module of the project package and the domain apps."""
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent != ROOT:
            continue
        for file in sorted(path.rglob("*.py")):
            if "migrations" in file.parts:
                continue
            yield ".".join(file.relative_to(ROOT).with_suffix("").parts), file


def caught_domain_errors(module, handler) -> bool:
    try:
        caught = eval(ast.unparse(handler.type), vars(module))  # noqa: S307 - our own source
    except NameError:  # e.g. `except self.failures`: set at run time, not a domain error
        return False
    caught = caught if isinstance(caught, tuple) else (caught,)
    return any(issubclass(cls, DomainError) for cls in caught)


def reads_the_error_as_text(handler) -> list[int]:
    """Lines where the caught error is turned into text rather than read as `.message`."""
    lines = []
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        as_str = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("str", "repr")
            and any(isinstance(a, ast.Name) and a.id == handler.name for a in node.args)
        )
        in_fstring = (
            isinstance(node, ast.FormattedValue)
            and isinstance(node.value, ast.Name)
            and node.value.id == handler.name
        )
        via_args = (
            isinstance(node, ast.Attribute)
            and node.attr == "args"
            and isinstance(node.value, ast.Name)
            and node.value.id == handler.name
        )
        if as_str or in_fstring or via_args:
            lines.append(node.lineno)
    return lines


def test_views_forms_and_admin_read_a_domain_error_as_its_message():
    found = []
    checked = 0
    for name, path in our_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        handlers = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.ExceptHandler) and node.name and node.type
        ]
        if not handlers:
            continue
        module = importlib.import_module(name)
        for handler in handlers:
            if caught_domain_errors(module, handler):
                checked += 1
                lines = reads_the_error_as_text(handler)
                found += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    assert checked > 20  # the views, forms and admin of both booking apps
    assert found == [], "read the error as error.message, not as text: " + ", ".join(found)


@pytest.mark.parametrize("app", ["assessments", "courses"])
def test_every_error_a_service_raises_is_a_domain_error(app):
    services = importlib.import_module(f"{app}.services")
    errors = [
        cls
        for _, cls in inspect.getmembers(services, inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__ == services.__name__
    ]
    assert errors
    assert [cls for cls in errors if not issubclass(cls, DomainError)] == []


@pytest.mark.parametrize(
    "error",
    [
        BookingError("Denne tiden er tatt."),
        CourseError("Påmeldingen er stengt."),
        AccountDeletionBlocked(["Avbestill først.", "Meld deg av kurset."]),
    ],
)
def test_the_message_is_the_text_for_the_user(error):
    assert error.message == str(error)
