"""Paused weeks say why by their neutral category only, in every file; the free reason never."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from portal.casefile.overview import build_overview
from portal.reports.render import to_html, to_machine_csv, to_pdf, to_people_csv, to_xlsx
from portal.trajectory.models import PauseCategory
from tests.factories import PauseFactory, TrajectoryFactory
from tests.reports.factories import MARKER, WEASYPRINT_ERROR, entry, file_text, people_csv_tables

MONDAY = date(2026, 9, 7)
TODAY = MONDAY + timedelta(weeks=5)


@pytest.fixture
def overview(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=2)
    entry(t, MONDAY + timedelta(days=1))
    # Week 2 holiday (Wednesday only), weeks 4: illness then a personal pause on the Friday.
    PauseFactory(trajectory=t, start_date=MONDAY + timedelta(weeks=1, days=2), end_date=MONDAY + timedelta(weeks=1, days=2),
                 reason=f"Vakantie {MARKER}", employer_category=PauseCategory.HOLIDAY.value)
    PauseFactory(trajectory=t, start_date=MONDAY + timedelta(weeks=3), end_date=MONDAY + timedelta(weeks=3, days=3),
                 reason=f"Hernieuwde uitval {MARKER}", employer_category=PauseCategory.NOT_AVAILABLE.value)
    PauseFactory(trajectory=t, start_date=MONDAY + timedelta(weeks=3, days=4), end_date=MONDAY + timedelta(weeks=3, days=4), reason=MARKER, employer_category=PauseCategory.PERSONAL.value)
    with app.test_request_context():
        yield build_overview(t, MONDAY, TODAY - timedelta(days=1), TODAY)


EXPECTED = ["", "Vakantie", "", "Tijdelijk niet belastbaar / Persoonlijke omstandigheden", ""]


def test_week_rows_carry_the_category_and_the_files_never_the_reason(overview):
    rows = overview.section("weeks").rows
    assert [r["pause_category"] for r in rows] == EXPECTED
    assert [r["paused"] for r in rows] == [False, True, False, True, False]

    content = to_machine_csv(overview)
    weeks = [r for r in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))) if r["section"] == "weeks"]
    assert [r["pause_category"] for r in weeks] == EXPECTED
    assert MARKER.encode() not in content
    people = people_csv_tables(to_people_csv(overview))
    assert [r["Soort pauze"] for r in people["02-activiteiten-per-week.csv"]] == EXPECTED
    assert MARKER not in file_text(to_people_csv(overview))

    workbook = load_workbook(io.BytesIO(to_xlsx(overview)))
    sheet = list(workbook["Activiteiten per week"].iter_rows(values_only=True))
    column = sheet[0].index("Soort pauze")
    assert [row[column] or "" for row in sheet[1:]] == EXPECTED
    assert not any(MARKER in str(cell) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)
                   for cell in row if cell)

    html = to_html(overview)
    assert "gepauzeerd (Vakantie)" in html
    assert "gepauzeerd (Tijdelijk niet belastbaar / Persoonlijke omstandigheden)" in html
    assert MARKER not in html


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_the_pdf_text_names_the_category(overview):
    from pypdf import PdfReader

    content = to_pdf(overview)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    assert "gepauzeerd (Vakantie)" in text
    assert MARKER not in text
