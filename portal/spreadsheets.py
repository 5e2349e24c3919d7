"""Spreadsheet helpers shared by every CSV and XLSX export: formula safety and the Dutch dialect.

Files for people are written the way Dutch Excel opens them: `;` between cells, UTF-8
with a byte-order mark (so accents survive), dates as dd-mm-jjjj and ja/nee for yes/no.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "%d-%m-%Y"  # dd-mm-jjjj in CSV text
XLSX_DATE_FORMAT = "dd-mm-yyyy"  # the same as an Excel number format (Dutch Excel shows dd-mm-jjjj)
BOM = "\ufeff"


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (prefix it with a quote).

    Numbers, dates and booleans pass unchanged; only text is guarded.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def day_text(value: date | None) -> str:
    """A date as people read it in a Dutch file (31-01-2027); empty for none."""
    return value.strftime(DATE_FORMAT) if value else ""


def yes_no(value: bool | None) -> str:
    """ja / nee; empty when unknown."""
    return {True: "ja", False: "nee"}.get(value, "")


def dutch_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV as Dutch Excel opens it: BOM, `;`, CRLF, and every text cell formula-safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
