"""Bokmål everywhere: every message of Django, allauth and crispy forms that the site can show
has a bokmål translation, from the installed catalogues or from our own (locale/nb/).

Scope: the gettext domains `django` and `djangojs` of every app in INSTALLED_APPS that ships
a catalogue (Django's own forms, validators and dates; admin, auth, contenttypes, sessions,
humanize, postgres; allauth). allauth keeps one catalogue for all its sub-apps: its messages
count when one of their source references is in a part we use (account, mfa with the
authenticator types in MFA_SUPPORTED_TYPES, the shared layouts), not only in socialaccount,
headless, idp, usersessions, openid or webauthn. crispy-forms and crispy-bootstrap5 mark no
message for translation (no catalogue); messages.staticfiles, sitemaps and django_tasks_db
neither. The source messages are the union of the `en` catalogue (which lists every message
of the installed version) and the `nb` one; a message counts as translated when the nb
catalogue in use (its compiled .mo: fuzzy entries are not compiled) or ours has it, every
plural form included.
"""

from functools import cache
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

DOMAINS = ("django", "djangojs")
ALLAUTH_PARTS_NOT_USED = (
    "socialaccount/",
    "headless/",
    "idp/",
    "usersessions/",
    "openid/",
    "mfa/webauthn/",
    "templates/socialaccount/",
    "templates/headless/",
    "templates/idp/",
    "templates/usersessions/",
    "templates/openid/",
    "templates/mfa/webauthn/",
)
OUR_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES"


def _key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _translated(entry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _installed_locale_dirs() -> list[tuple[str, Path]]:
    import django

    dirs = [("django", Path(django.__file__).parent / "conf" / "locale")]
    dirs += [
        (config.name, Path(config.path) / "locale")
        for config in apps.get_app_configs()
        if (Path(config.path) / "locale").is_dir()
    ]
    return dirs


def _in_scope(app_name: str, entry) -> bool:
    if app_name != "allauth" or not entry.occurrences:
        return True
    return any(not path.startswith(ALLAUTH_PARTS_NOT_USED) for path, _line in entry.occurrences)


@cache
def source_messages() -> dict[tuple[str, tuple[str | None, str]], tuple[str, object]]:
    """(domain, (context, msgid)) -> (catalogue, entry) for every message in scope."""
    messages = {}
    for app_name, locale in _installed_locale_dirs():
        for domain in DOMAINS:
            for language in ("en", "nb"):
                po_path = locale / language / "LC_MESSAGES" / f"{domain}.po"
                if not po_path.exists():
                    continue
                for entry in polib.pofile(str(po_path)):
                    if entry.obsolete or not entry.msgid or not _in_scope(app_name, entry):
                        continue
                    messages.setdefault((domain, _key(entry)), (app_name, entry))
    return messages


def _translated_keys(paths) -> set[tuple[str | None, str]]:
    keys = set()
    for path in paths:
        catalogue = polib.mofile(str(path)) if path.suffix == ".mo" else polib.pofile(str(path))
        keys |= {_key(entry) for entry in catalogue if _translated(entry)}
    return keys


def untranslated(domain: str) -> list[str]:
    installed = [
        locale / "nb" / "LC_MESSAGES" / f"{domain}.mo" for _app, locale in _installed_locale_dirs()
    ]
    ours = OUR_CATALOGUE / f"{domain}.po"
    translated = _translated_keys([path for path in [*installed, ours] if path.exists()])
    return sorted(
        f"{app}: {key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "")
        for (dom, key), (app, _entry) in source_messages().items()
        if dom == domain and key not in translated
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_in_use_has_a_bokmal_translation(domain):
    missing = untranslated(domain)
    assert not missing, f"{len(missing)} messages without bokmål:\n" + "\n".join(missing)


def test_the_site_speaks_our_bokmal_where_the_installed_catalogues_are_silent():
    from django.utils.translation import gettext, ngettext, pgettext

    with translation.override("nb"):
        assert gettext("Run") == "Utfør"
        assert gettext("Show counts") == "Vis antall"
        assert gettext("Filter by %(field_name)s") == "Filtrer etter %(field_name)s"
        assert gettext("- Select an option -") == "– Velg –"
        assert pgettext("Task", "Failed") == "Feilet"
        too_short = "This password is too short. It must contain at least %d character."
        plural = "This password is too short. It must contain at least %d characters."
        assert (
            ngettext(too_short, plural, 8) % 8 == "Passordet er for kort. Det må ha minst 8 tegn."
        )
        # Ours takes precedence over an installed translation we word differently.
        assert gettext("Forgot your password?") == "Glemt passordet?"
        assert gettext("Add %(name)s") % {"name": "kurs"} == "Legg til kurs"


def test_signup_says_in_bokmal_that_a_password_is_too_short(client, db):
    response = client.post(
        "/konto/signup/",
        {
            "name": "Kari Nordmann",
            "email": "kari@nav.example",
            "password1": "kort7x!",
            "password2": "kort7x!",
        },
    )
    html = response.content.decode()
    assert "Passordet er for kort. Det må ha minst 8 tegn." in html
    assert "too short" not in html


def test_compilemessages_builds_the_catalogue_without_gettext(settings, tmp_path):
    from django.core.management import call_command

    messages = tmp_path / "nb" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    catalogue.append(polib.POEntry(msgid="Run", msgstr="Utfør"))
    catalogue.append(polib.POEntry(msgctxt="Task", msgid="Failed", msgstr="Feilet"))
    catalogue.append(
        polib.POEntry(
            msgid="%d day", msgid_plural="%d days", msgstr_plural={0: "%d dag", 1: "%d dager"}
        )
    )
    catalogue.append(polib.POEntry(msgid="Draft", msgstr="Utkast", flags=["fuzzy"]))
    catalogue.save(str(messages / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compilemessages", verbosity=0)

    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(messages / "django.mo"))}
    assert compiled[(None, "Run")].msgstr == "Utfør"
    assert compiled[("Task", "Failed")].msgstr == "Feilet"
    assert compiled[(None, "%d day")].msgstr_plural == {0: "%d dag", 1: "%d dager"}
    assert (None, "Draft") not in compiled  # fuzzy: not ready, as with msgfmt


def test_admin_names_read_as_norwegian(staff_client, course):
    from django.urls import reverse

    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "Autentiseringsmetoder" in index and "Authenticators" not in index
    assert "Task Results" not in index  # django-tasks-db's own list is not offered
    mfa = staff_client.get(reverse("admin:app_list", args=["mfa"])).content.decode()
    assert "Tofaktorinnlogging" in mfa and "MFA" not in mfa

    changelist = staff_client.get(reverse("admin:courses_course_changelist")).content.decode()
    assert "Legg til kurs" in changelist and "Legg til ny" not in changelist
    assert "Utfør" in changelist and ">Run<" not in changelist

    change = staff_client.get(reverse("admin:courses_course_change", args=[course.pk]))
    html = change.content.decode()
    assert "Legg til datoforslag" in html and "Datoforslag&quot;" not in html
    assert "Legg til ny" not in html

    # The admin's JavaScript catalogue (calendar, time-zone note) takes ours too.
    catalogue = staff_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Skriv inn tider i tidssonen" in catalogue
