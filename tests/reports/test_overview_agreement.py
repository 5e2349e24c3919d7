"""The numbers in the PDF source, the machine CSV and the XLSX agree with each other and with
the evidence service (the CSV for people: test_people_files.py)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.casefile.evidence import load_evidence
from portal.casefile.overview import build_overview
from portal.domain.weeks import Week
from portal.reports.ledger import FIGURE_SPACE
from portal.reports.overview import META_LABELS, WEEK_COLUMNS
from portal.reports.render import csv_columns, to_machine_csv, to_pdf, to_xlsx
from tests.reports.factories import PERIOD, TODAY, WEASYPRINT_ERROR, new_year_trajectory

WEEK_NUMBERS = ("target", "applications", "networking", "other_activities", "assignments_done", "contacts")
# The workbook is for people: its headers are the columns' Dutch labels.
WEEK_LABEL = {c.key: c.label for c in WEEK_COLUMNS}
YES_NO = {True: "ja", False: "nee", None: "n.v.t."}
# A line of the weekly list in the PDF: week key, period, plan version, the six numbers, then the state.
PDF_WEEK_LINE = re.compile(
    r"^(\d{4}-W\d{2}) +\d\d-\d\d – \d\d-\d\d +v\d+ +(–|\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\S.*)$")
PDF_TOTAL_LINE = re.compile(r"^Totaal +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) van (\d+) weken$")


def _csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _pdf_text(content: bytes) -> str:
    """The PDF's text; the figure spaces that right-align the ledger's numbers read as spaces."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(FIGURE_SPACE, " ")


def _xlsx_facts(sheets: dict[str, list[dict]]) -> dict[str, object]:
    """The workbook's Traject sheet by the machine's field names."""
    by_label = {r["Gegeven"]: r["Waarde"] for r in sheets["Traject"]}
    return {key: by_label[label] for key, label in META_LABELS.items()}


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
    assert len(ov.section("networking").rows) == ov.totals["networking"]
    assert len(ov.section("other_activities").rows) == ov.totals["other_activities"]
    assert [r["week"] for r in ov.section("judgements").rows] == ["2026-W49", "2026-W51"]
    assert {r["week"] for r in ov.section("gaps").rows} == {w.week.key for w in evidence.gaps}


def test_csv_and_xlsx_agree_with_the_evidence_service(overview):
    _, ov = overview
    evidence = ov.evidence
    csv_rows = _csv_rows(to_machine_csv(ov))
    sheets = _xlsx_sheets(to_xlsx(ov))

    csv_weeks = [r for r in csv_rows if r["section"] == "weeks"]
    xlsx_weeks = sheets["Activiteiten per week"]
    assert [r["week"] for r in csv_weeks] == [r["Week"] for r in xlsx_weeks] == [w.week.key for w in evidence.weeks]
    for week, c, x in zip(evidence.weeks, csv_weeks, xlsx_weeks, strict=True):
        for name in WEEK_NUMBERS:
            assert int(c[name]) == x[WEEK_LABEL[name]] == getattr(week, name), (week.week.key, name)
        assert c["paused"] == ("true" if week.paused else "false") and x["Gepauzeerd"] == YES_NO[week.paused]
        assert x["Maandag"].date() == week.week.monday == date.fromisoformat(c["week_start"])

    csv_meta = {r["field"]: r["value"] for r in csv_rows if r["section"] == "trajectory"}
    xlsx_meta = _xlsx_facts(sheets)
    for key, value in evidence.totals.items():
        assert int(csv_meta[f"total_{key}"]) == xlsx_meta[f"total_{key}"] == value

    csv_apps = [r for r in csv_rows if r["section"] == "applications"]
    assert len(csv_apps) == len(sheets["Sollicitatieactiviteiten"]) == evidence.totals["applications"]
    assert csv_meta["verification_code"] == xlsx_meta["verification_code"] == "TS-TEST-CODE-0001"


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR)
def test_pdf_text_agrees_with_csv_xlsx_and_the_evidence_service(overview):
    """Read the PDF back as text: every week's numbers, the totals and the lists match."""
    t, ov = overview
    evidence = load_evidence(t, *PERIOD, TODAY)
    content = to_pdf(ov)
    text = _pdf_text(content)
    csv_weeks = {r["week"]: r for r in _csv_rows(to_machine_csv(ov)) if r["section"] == "weeks"}
    xlsx_weeks = {r["Week"]: r for r in _xlsx_sheets(to_xlsx(ov))["Activiteiten per week"]}

    pdf_weeks = {}
    for line in text.splitlines():
        if match := PDF_WEEK_LINE.match(line.strip()):
            pdf_weeks[match.group(1)] = match.groups()[1:]
    assert list(pdf_weeks) == [w.week.key for w in evidence.weeks]
    assert {"2026-W53", "2027-W01", "2027-W02"} <= set(pdf_weeks)  # across New Year, one of them paused
    for week in evidence.weeks:
        target, *numbers, state = pdf_weeks[week.week.key]
        key = week.week.key
        assert target == ("–" if week.paused else str(week.target)), key
        for name, value in zip(WEEK_NUMBERS[1:], numbers, strict=True):
            assert int(value) == getattr(week, name) == int(csv_weeks[key][name]) == xlsx_weeks[key][WEEK_LABEL[name]], (
                key, name)
        assert state.startswith("gepauzeerd") is week.paused, key
        if week.judgement is not None:
            assert state.endswith(" voldoende" if week.judgement.sufficient else " onvoldoende"), key

    totals = evidence.totals
    total_line = next(m for line in text.splitlines() if (m := PDF_TOTAL_LINE.match(line.strip())))
    assert [int(v) for v in total_line.groups()] == [
        totals["target_sum"], totals["applications"], totals["networking"], totals["other_activities"],
        totals["assignments_done"], totals["contacts"], totals["weeks_target_met"], totals["weeks_counted"],
    ]
    cover = re.sub(r"\s+", " ", text.split("1. Activiteiten per week")[0])
    assert re.search(rf"\b{totals['applications']} ?sollicitatieactiviteiten", cover)
    assert re.search(rf"{totals['weeks_target_met']} / {totals['weeks_counted']} ?weken doel gehaald", cover)
    assert re.search(rf"{totals['weeks_paused']} ?weken gepauzeerd", cover)
    assert re.search(rf"{totals['gaps']} ?weken onder doel zonder toelichting", cover)
    assert re.search(rf"{totals['networking']} ?netwerkactiviteiten", cover)
    assert re.search(rf"{totals['other_activities']} ?overige activiteiten", cover)
    assert f"Sollicitatieactiviteiten ({totals['applications']})" in text
    assert f"Netwerkactiviteiten ({totals['networking']})" in text
    assert f"Overige activiteiten ({totals['other_activities']})" in text
    assert f"Beoordeelde weken ({len(ov.section('judgements').rows)})" in text
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    for number, page in enumerate(pages, start=1):  # the code and page number on every page
        page_text = page.extract_text()
        assert "Verificatiecode TS-TEST-CODE-0001" in page_text and f"Pagina {number} van {len(pages)}" in page_text
    assert "Bakkerij Jansen, Tiel · Medewerker administratie" in text


def test_machine_csv_columns_are_the_documented_ones(overview, app):
    _, ov = overview
    from portal.config import PROJECT_ROOT

    documented = (PROJECT_ROOT / "docs" / "overview-columns.md").read_text()
    for key in csv_columns(ov):
        assert f"`{key}`" in documented, key
    for section in ["trajectory"] + [s.key for s in ov.sections]:
        assert f"`{section}`" in documented, section


MACHINE_HEADER = (
    "section,field,value,week,week_start,week_end,paused,pause_category,complete,plan_version,agreed_target,"
    "target,applications,networking,other_activities,assignments_done,contacts,target_met,judgement,explained,"
    "code,label,window_start,due_date,done_on,state,state_label,date,kind,kind_label,organisation,place,"
    "position,channel,method,result,fits_capacity,item,title,module,lessons_done,lessons_total,sufficient,"
    "earlier_judgements,phase,since"
)


def test_the_machine_csv_is_a_stable_contract(overview):
    """Systems read it by these keys and codes: a Dutch label changed for people never reaches it."""
    _, ov = overview
    content = to_machine_csv(ov).decode("utf-8-sig")
    assert content.split("\r\n")[0] == MACHINE_HEADER
    rows = _csv_rows(to_machine_csv(ov))
    weeks = [r for r in rows if r["section"] == "weeks"]
    assert {r["judgement"] for r in weeks} == {"sufficient", "insufficient", ""}
    assert {r["target_met"] for r in weeks} == {"true", "false", ""}
    assert all(date.fromisoformat(r["week_start"]) for r in weeks)
    assert {r["kind"] for r in rows if r["section"] == "applications"} >= {"application_letter", "open_application"}
    assert {r["state"] for r in rows if r["section"] == "milestones"} <= {"done", "done_late", "missed", "open",
                                                                          "upcoming"}


def test_formula_injection_is_neutralised(overview):
    _, ov = overview
    apps = [r for r in _csv_rows(to_machine_csv(ov)) if r["section"] == "applications"]
    assert any(r["organisation"] == "'=HYPERLINK(\"http://x\")" for r in apps)
    assert not any(r[k].startswith(("=", "+", "-", "@")) for r in apps for k in r)
    workbook = load_workbook(io.BytesIO(to_xlsx(ov)))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://x\")" for c in cells)


def test_week_keys_cross_new_year():
    assert Week.from_key("2026-W53").monday.isoformat() == "2026-12-28"
    assert Week.of(__import__("datetime").date(2027, 1, 3)).key == "2026-W53"
