"""CSV files for staff to open in a spreadsheet program: the one writer every admin export uses.

People write some of the cells themselves (organisation, role, comment), and Excel, LibreOffice
and Google Sheets run a cell that starts with =, +, - or @ as a formula, and treat a leading
tab or carriage return the same way after trimming (OWASP "CSV Injection"). Such text gets a
leading apostrophe, which the programs show as plain text. Numbers are written as numbers: a
negative count is data, not a formula.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """The text of one cell, made harmless if it could start a formula."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of `rows` under `header`, separated by semicolons (what Excel expects with a
    Norwegian locale) and starting with a byte-order mark so Excel reads it as UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([spreadsheet_cell(value) for value in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return response
