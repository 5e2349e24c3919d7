"""The activity overview as tables for people: Dutch headers and Dutch values.

The CSV files (in a ZIP) and the workbook for people both render these tables, so the two
say the same; the machine CSV (codes, ISO dates) renders the sections directly
(`render.to_machine_csv`). Values stay typed here (dates, numbers): the CSV writes a date
as dd-mm-jjjj, the workbook as a real date cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.reports.overview import META_COLUMNS, META_LABELS, Column, Overview
from portal.spreadsheets import day_text, yes_no

VERIFY_NOTE = ("Controleer dit overzicht op {url} met de verificatiecode. Alleen het bestand zoals de "
               "portal het maakte, klopt daar; een bewerkt of opnieuw opgeslagen bestand niet meer.")


@dataclass(frozen=True)
class Table:
    key: str  # the section key (also the machine CSV's `section`)
    title: str  # Dutch: the sheet name and the CSV file's name
    headers: list[str]
    rows: list[list[Any]]  # typed cells: text, numbers, dates


def people_value(column: Column, row: dict[str, Any]) -> Any:
    """One cell as people read it: a word for a code or yes/no, a date or number kept typed."""
    value = row.get(column.people_key or column.key)
    words = dict(column.words)
    if value in words:
        return words[value]
    if column.kind == "bool":
        return yes_no(value)
    return "" if value is None else value


def trajectory_table(overview: Overview, verify_url: str) -> Table:
    """The header and totals as Gegeven/Waarde rows, with how to check the file."""
    rows = [[META_LABELS[r["field"]], "" if r["value"] is None else r["value"]] for r in overview.meta_rows()]
    rows.append(["Controleren", VERIFY_NOTE.format(url=verify_url)])
    return Table("trajectory", "Traject", [c.label for c in META_COLUMNS], rows)


def section_tables(overview: Overview) -> list[Table]:
    tables = []
    for section in overview.sections:
        columns = [c for c in section.columns if not c.machine_only]
        rows = [[people_value(c, row) for c in columns] for row in section.rows]
        tables.append(Table(section.key, section.title, [c.label for c in columns], rows))
    return tables


def people_tables(overview: Overview, verify_url: str) -> list[Table]:
    """Every table of the overview for people, the trajectory's facts first."""
    return [trajectory_table(overview, verify_url), *section_tables(overview)]


def csv_text(value: Any) -> str:
    """A typed cell as CSV text for people (dates dd-mm-jjjj)."""
    if isinstance(value, date):
        return day_text(value)
    return "" if value is None else str(value)
