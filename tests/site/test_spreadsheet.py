"""The one CSV writer of the admin exports (erfaringssentrum/core/spreadsheet.py): text that a
spreadsheet program would run as a formula is kept as text, everything else comes out as it
was."""

import csv
import io
from decimal import Decimal

import pytest

from erfaringssentrum.core.spreadsheet import csv_response, spreadsheet_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example","klikk")',
        "+47 22 00 00 00",
        "-2+3",
        "-",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_could_start_a_formula_gets_a_leading_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("NAV Grünerløkka", "NAV Grünerløkka"),
        ("Veileder (50 %) – team 2", "Veileder (50 %) – team 2"),
        ("a=b+c", "a=b+c"),
        ("2026-11-30", "2026-11-30"),
        ("30.11.2026 10:00", "30.11.2026 10:00"),
        ("'sitat'", "'sitat'"),
        ("", ""),
        (None, ""),
        (3, "3"),
        (0, "0"),
        (-3, "-3"),
        (Decimal("-1.50"), "-1.50"),
        (-0.5, "-0.5"),
    ],
)
def test_ordinary_values_and_numbers_come_out_as_they_are(value, cell):
    assert spreadsheet_cell(value) == cell


def test_a_boolean_is_text_not_a_number():
    assert spreadsheet_cell(True) == "True"


def test_the_download_is_semicolon_separated_utf8_with_a_byte_order_mark():
    response = csv_response(
        filename="liste.csv",
        header=["Navn", "Kommentar", "Plass"],
        rows=[["Åse Øren", "Første linje;\nandre linje", 2], ["=evil()", "@x", None]],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Navn", "Kommentar", "Plass"],
        ["Åse Øren", "Første linje;\nandre linje", "2"],
        ["'=evil()", "'@x", ""],
    ]
