"""The numbers in the PDF source, CSV and XLSX agree with each other and with the evidence service."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from portal.advisor.evidence import load_evidence
from portal.domain.weeks import Week
from portal.reports.overview import build_overview
from portal.reports.render import csv_columns, to_csv, to_html, to_xlsx
from tests.reports.factories import PERIOD, TODAY, new_year_trajectory

WEEK_NUMBERS = ("target", "applications", "networking", "other_activities", "assignments_done", "contacts")


def _csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_sheets(content: bytes) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(content))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return sheets


@pytest.fixture
def overview(app):
    t = new_year_trajectory()
    with app.test_request_context():
        ov = build_overview(t, *PERIOD, TODAY)
        ov.verification_code = "TS-TEST-CODE-0001"
        yield t, ov


def test_overview_counts_come_from_the_evidence_service(overview):
    t, ov = overview
    evidence = load_evidence(t, *PERIOD, TODAY)
    assert ov.totals == evidence.totals
    by_key = {w.week.key: w for w in evidence.weeks}
    assert by_key["2026-W53"].applications == 2 and by_key["2026-W53"].other_activities == 1
    assert by_key["2027-W01"].applications == 1
    assert by_key["2027-W02"].paused and by_key["2027-W02"].target_met is None
    assert ov.totals["applications"] == 8  # the deleted entry is not counted
    assert len(ov.section("applications").rows) == ov.totals["applications"]
    assert len(ov.section("other_activities").rows) == ov.totals["networking"] + ov.totals["other_activities"]
    assert [r["week"] for r in ov.section("judgements").rows] == ["2026-W49", "2026-W51"]
    assert {r["week"] for r in ov.section("gaps").rows} == {w.week.key for w in evidence.gaps}


def test_csv_xlsx_and_pdf_source_agree(overview):
    _, ov = overview
    evidence = ov.evidence
    csv_rows = _csv_rows(to_csv(ov))
    sheets = _xlsx_sheets(to_xlsx(ov))
    html = to_html(ov)

    csv_weeks = [r for r in csv_rows if r["section"] == "weeks"]
    xlsx_weeks = sheets["Activiteiten per week"]
    assert [r["week"] for r in csv_weeks] == [r["week"] for r in xlsx_weeks] == [w.week.key for w in evidence.weeks]
    for week, c, x in zip(evidence.weeks, csv_weeks, xlsx_weeks, strict=True):
        for name in WEEK_NUMBERS:
            assert int(c[name]) == x[name] == getattr(week, name), (week.week.key, name)
        assert c["paused"] == ("true" if week.paused else "false") and x["paused"] is week.paused
        row_html = re.search(rf'data-week="{week.week.key}">(.*?)</tr>', html, re.S).group(1)
        applications = re.search(r'data-col="applications">(\d+)<', row_html).group(1)
        assert int(applications) == week.applications
        assert ("gepauzeerd" in row_html) is week.paused

    csv_meta = {r["field"]: r["value"] for r in csv_rows if r["section"] == "trajectory"}
    xlsx_meta = {r["field"]: r["value"] for r in sheets["Traject"]}
    for key, value in evidence.totals.items():
        assert int(csv_meta[f"total_{key}"]) == xlsx_meta[f"total_{key}"] == value
    assert re.search(r'id="total-applications">(\d+)<', html).group(1) == str(evidence.totals["applications"])
    assert re.search(r'id="total-paused">(\d+)<', html).group(1) == str(evidence.totals["weeks_paused"])
    assert re.search(r'id="total-gaps">(\d+)<', html).group(1) == str(evidence.totals["gaps"])
    met = re.search(r'id="total-weeks-met">(\d+) / (\d+)<', html).groups()
    assert met == (str(evidence.totals["weeks_target_met"]), str(evidence.totals["weeks_counted"]))

    csv_apps = [r for r in csv_rows if r["section"] == "applications"]
    assert len(csv_apps) == len(sheets["Sollicitatieactiviteiten"]) == evidence.totals["applications"]
    assert html.count("<tr><td class=\"nowrap\">") == len(csv_apps) + len(ov.section("other_activities").rows)
    assert csv_meta["verification_code"] == xlsx_meta["verification_code"] == "TS-TEST-CODE-0001"
    assert "TS-TEST-CODE-0001" in html


def test_csv_columns_are_the_documented_ones(overview, app):
    _, ov = overview
    from portal.config import PROJECT_ROOT

    documented = (PROJECT_ROOT / "docs" / "overview-columns.md").read_text()
    for key in csv_columns(ov):
        assert f"`{key}`" in documented, key
    for section in ["trajectory"] + [s.key for s in ov.sections]:
        assert f"`{section}`" in documented, section


def test_formula_injection_is_neutralised(overview):
    _, ov = overview
    apps = [r for r in _csv_rows(to_csv(ov)) if r["section"] == "applications"]
    assert any(r["organisation"] == "'=HYPERLINK(\"http://x\")" for r in apps)
    assert not any(r[k].startswith(("=", "+", "-", "@")) for r in apps for k in r)
    workbook = load_workbook(io.BytesIO(to_xlsx(ov)))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://x\")" for c in cells)


def test_week_keys_cross_new_year():
    assert Week.from_key("2026-W53").monday.isoformat() == "2026-12-28"
    assert Week.of(__import__("datetime").date(2027, 1, 3)).key == "2026-W53"
