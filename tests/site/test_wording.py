"""Wording that was wrong once stays fixed: a scan of every template, every string in our
Python code and every bokmål message the site takes from Django's, allauth's and our own
catalogues (tests/site/test_translations.py says which)."""

import ast
import re
from pathlib import Path

import polib
from django.conf import settings

from .test_translations import (
    DOMAINS,
    OUR_CATALOGUE,
    _installed_locale_dirs,
    _translated,
    source_messages,
)

ROOT = Path(settings.BASE_DIR)
# What we write instead, after each pattern that was wrong.
WRONG = {
    r"\bta deg av (?:vente)?listen": "«melde deg av listen»",
    r"\bsted kommer\b": "«Stedet er ikke bestemt ennå»",
    r"(?:\d|}})\s*påmeldt\b": "«påmeldte» after a number",
    r"bekreftelsese-post": "«Vi har sendt en e-post …»",
    r"\benda\b": "«ennå»",
    r"\bglemt ditt passord": "«Glemt passordet?»",
    r"\bvennligst\b": "the request itself («Skriv inn …»)",
    r"(?<![\w-])epost": "«e-post»",
    r"\bliknende\b": "«lignende»",
    r"\blegg til ny\b": "«Legg til kurs»",
    # Required fields are not marked; optional ones say «(valgfritt)» after the label, from
    # field.required (core/forms.py), never typed into a label or a hint.
    r"merket med \*": "nothing: required fields are not marked",
    r"^valgfritt\.\s": "nothing: the label says «(valgfritt)»",
    r"\w\(e[rn]?\)": "the plural or the singular that fits the number, not «ressurs(er)»",
    # One word per thing: bookings are «avbestilt», courses «avlyst».
    r"\bavlys\w*\s+(?:\w+\s+){0,2}(?:vurderingssamtale|booking)": "«avbestille» a booking",
    r"\b(?:vurderingssamtale|booking)\w*\s+(?:\w+\s+){0,3}avlys": "«avbestilt» for a booking",
    r"\bbestill(?:e|er|es|ing)?\b": "«booke»: the site books assessments (buttons say «Book»)",
    r"\bf\.eks\.": "«for eksempel»: abbreviations are harder to read",
}
# «deg» and «dere» in one sentence: the site says «du» to one reader at a time.
MIXED_ADDRESS = re.compile(
    r"[^.!?\n]*\bdeg\b[^.!?\n]*\bdere\b[^.!?\n]*|[^.!?\n]*\bdere\b[^.!?\n]*\bdeg\b[^.!?\n]*", re.I
)
SOURCE_DIRS = ["erfaringssentrum", "resources", "faq", "assessments", "courses", "templates"]


def _our_files(suffixes):
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in suffixes and "migrations" not in path.parts:
                yield path


def _python_strings(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def texts():
    """(where, text) for every template line and every string constant we wrote."""
    for path in _our_files({".html", ".txt"}):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.relative_to(ROOT)}:{number}", line
    for path in _our_files({".py"}):
        for number, text in _python_strings(path):
            yield f"{path.relative_to(ROOT)}:{number}", text


def catalogue_texts():
    """(message, bokmål) for every message in use, as the site says it (ours first)."""
    for domain in DOMAINS:
        effective = {}
        catalogues = [OUR_CATALOGUE / f"{domain}.po"] + [
            locale / "nb" / "LC_MESSAGES" / f"{domain}.mo"
            for _app, locale in _installed_locale_dirs()
        ]
        for path in catalogues:
            if not path.exists():
                continue
            entries = polib.pofile(str(path)) if path.suffix == ".po" else polib.mofile(str(path))
            for entry in entries:
                if _translated(entry):
                    effective.setdefault((entry.msgctxt, entry.msgid), entry)
        for (dom, key), _source in source_messages().items():
            entry = effective.get(key)
            if dom == domain and entry is not None:
                for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                    yield f"{domain}: {key[1][:60]!r}", text


def _wrong_words(items):
    found = []
    for where, text in items:
        for pattern, instead in WRONG.items():
            if re.search(pattern, text, re.I):
                found.append(f"{where}: {text.strip()[:120]!r} – write {instead}")
        if MIXED_ADDRESS.search(text):
            found.append(f"{where}: {text.strip()[:120]!r} – «deg» and «dere» in one sentence")
    return found


def test_no_wrong_word_in_templates_or_python_strings():
    found = _wrong_words(texts())
    assert not found, "\n".join(found)


def test_no_wrong_word_in_the_messages_the_site_takes_from_catalogues():
    found = _wrong_words(catalogue_texts())
    assert not found, "\n".join(found)


def test_the_scan_sees_what_it_must_catch():
    assert _wrong_words([("x", "Du kan ta deg av listen igjen.")])
    assert _wrong_words([("x", "{{ course.confirmed_count }} påmeldt")])
    assert _wrong_words([("x", "Hjelper deg som vurderer, dere som følger opp.")])
    assert _wrong_words([("x", "avlyses kommende vurderingssamtaler du har booket")])
    assert _wrong_words([("x", "Felt merket med * må fylles ut.")])
    assert _wrong_words([("x", "De kan bestille en gratis vurderingssamtale hos oss.")])
    assert _wrong_words([("x", "[Bestill en vurdering](/vurdering/).")])
    assert _wrong_words([("x", "{count} ressurs(er) publisert.")])
    assert not _wrong_words([("x", "Du kan avbestille frem til 24 timer før.")])
    assert _wrong_words([("x", "Valgfritt. Brukes bare hvis vi må nå deg.")])
    assert not _wrong_words([("x", "Kurset er avlyst. Bookingen er avbestilt.")])
    assert not _wrong_words([("x", "Du er påmeldt. Meld deg av listen på Min side, e-post.")])
    assert any(where.startswith("templates/pages/front_page.html") for where, _ in texts())
    assert any(where.startswith("courses/services.py") for where, _ in texts())


def test_counts_for_staff_agree_with_their_number():
    from erfaringssentrum.core.numbers import count_of

    assert count_of(1, "ny tid", "nye tider") == "1 ny tid"
    assert count_of(0, "ny tid", "nye tider") == "0 nye tider"
    assert count_of(3, "booking", "bookinger") == "3 bookinger"
