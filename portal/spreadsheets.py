"""Spreadsheet safety shared by every CSV and XLSX export."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (prefix it with a quote).

    Numbers, dates and booleans pass unchanged; only text is guarded.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
