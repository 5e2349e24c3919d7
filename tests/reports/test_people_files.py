"""The overview files for people: a ZIP of `;` CSV tables and a workbook, both in Dutch.

They are read back the way an office reads them (Python's csv module with `;`, openpyxl)
and checked against the evidence service and against the machine CSV for systems.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.casefile.overview import build_overview
from portal.domain.activities import ActivityKind
from portal.reports.render import to_machine_csv, to_people_csv, to_xlsx
from tests.reports.factories import PERIOD, TODAY, new_year_trajectory, people_csv_headers, people_csv_tables

CODE = "TS-TEST-CODE-0001"
WEEK_HEADERS = ["Week", "Maandag", "Zondag", "Gepauzeerd", "Soort pauze", "Stand", "Planversie",
                "Afgesproken doel", "Doel", "Sollicitaties", "Netwerk", "Overig", "Opdrachten", "Contacten",
                "Doel gehaald", "Beoordeling", "Toelichting gegeven"]
ACTIVITY_HEADERS = ["Datum", "Week", "Soort", "Organisatie", "Plaats", "Functie", "Kanaal", "Wijze",
                    "Resultaat", "Past bij belastbaarheid"]


def machine_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def sheets(content: bytes) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(content))
    result = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        result[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return result


@pytest.fixture
def overview(app):
    t = new_year_trajectory()
    with app.test_request_context():
        ov = build_overview(t, *PERIOD, TODAY)
        ov.verification_code = CODE
        yield t, ov


def test_the_csv_zip_holds_one_dutch_table_per_part_in_order(overview):
    _, ov = overview
    content = to_people_csv(ov)
    names = list(people_csv_tables(content))
    assert names == ["01-traject.csv", "02-activiteiten-per-week.csv", "03-poortwachter-mijlpalen.csv",
                     "04-sollicitatieactiviteiten.csv", "05-netwerkactiviteiten.csv", "06-overige-activiteiten.csv",
                     "07-modules-en-opdrachten.csv", "08-contacten-met-de-adviseur.csv",
                     "09-beoordeelde-weken.csv", "10-weken-zonder-toelichting.csv", "11-fasen-van-het-traject.csv"]
    assert people_csv_headers(content, "02-activiteiten-per-week.csv") == WEEK_HEADERS
    assert people_csv_headers(content, "04-sollicitatieactiviteiten.csv") == ACTIVITY_HEADERS
    assert people_csv_headers(content, "01-traject.csv") == ["Gegeven", "Waarde"]
    # No English key and no code column reaches a person.
    for name in names:
        headers = people_csv_headers(content, name)
        assert not any("_" in h or "(code)" in h for h in headers), (name, headers)


def test_the_csv_states_dutch_values_and_the_evidence_numbers(overview):
    _, ov = overview
    evidence = ov.evidence
    tables = people_csv_tables(to_people_csv(ov))
    weeks = tables["02-activiteiten-per-week.csv"]
    assert [r["Week"] for r in weeks] == [w.week.key for w in evidence.weeks]
    for w, row in zip(evidence.weeks, weeks, strict=True):
        assert row["Maandag"] == w.week.monday.strftime("%d-%m-%Y")
        assert row["Gepauzeerd"] == ("ja" if w.paused else "nee")
        assert row["Stand"] == ("afgelopen" if w.complete else "loopt nog")
        assert row["Doel gehaald"] == {True: "ja", False: "nee", None: "n.v.t."}[w.target_met]
        expected = "" if w.judgement is None else ("voldoende" if w.judgement.sufficient else "onvoldoende")
        assert row["Beoordeling"] == expected
        for header, name in (("Doel", "target"), ("Sollicitaties", "applications"), ("Netwerk", "networking"),
                             ("Overig", "other_activities"), ("Contacten", "contacts")):
            assert int(row[header]) == getattr(w, name), (w.week.key, header)
    by_week = {r["Week"]: r for r in weeks}
    assert by_week["2027-W02"]["Gepauzeerd"] == "ja" and by_week["2027-W02"]["Doel gehaald"] == "n.v.t."
    assert by_week["2026-W49"]["Beoordeling"] == "voldoende" and by_week["2026-W51"]["Beoordeling"] == "onvoldoende"

    apps = tables["04-sollicitatieactiviteiten.csv"]
    assert len(apps) == evidence.totals["applications"]
    first = apps[0]
    assert first["Datum"] == "01-12-2026" and first["Soort"] == ActivityKind.APPLICATION_LETTER.label
    assert first["Past bij belastbaarheid"] == "ja" and first["Resultaat"] == "Verstuurd"
    assert {r["Past bij belastbaarheid"] for r in apps} == {"ja", ""}  # one left open: empty, not "None"
    assert "application_letter" not in {v for r in apps for v in r.values()}

    facts = {r["Gegeven"]: r["Waarde"] for r in tables["01-traject.csv"]}
    assert facts["Verificatiecode"] == CODE
    assert facts["Start tweede spoor"] == "30-11-2026" and facts["Eerste ziektedag"] == "03-11-2025"
    assert int(facts["Sollicitatieactiviteiten"]) == evidence.totals["applications"]
    assert int(facts["Weken doel gehaald"]) == evidence.totals["weeks_target_met"]
    assert "opnieuw opgeslagen bestand" in facts["Controleren"] and "/controle" in facts["Controleren"]

    milestones = tables["03-poortwachter-mijlpalen.csv"]
    assert milestones and all(r["Status"] in {"Op tijd", "Te laat", "Niet vastgelegd", "Nu aan de orde", "Gepland"}
                              for r in milestones)


def test_the_people_csv_agrees_with_the_machine_csv(overview):
    """Same rows, same numbers, and each Dutch word stands for the machine's code."""
    _, ov = overview
    people = people_csv_tables(to_people_csv(ov))
    machine = machine_rows(to_machine_csv(ov))
    pairs = [("weeks", "02-activiteiten-per-week.csv"), ("applications", "04-sollicitatieactiviteiten.csv"),
             ("networking", "05-netwerkactiviteiten.csv"), ("other_activities", "06-overige-activiteiten.csv"),
             ("judgements", "09-beoordeelde-weken.csv"), ("gaps", "10-weken-zonder-toelichting.csv")]
    for section, name in pairs:
        rows = [r for r in machine if r["section"] == section]
        assert len(rows) == len(people[name]), section
        assert [r["week"] for r in rows] == [r["Week"] for r in people[name]], section
    machine_weeks = [r for r in machine if r["section"] == "weeks"]
    for m, p in zip(machine_weeks, people["02-activiteiten-per-week.csv"], strict=True):
        assert date.fromisoformat(m["week_start"]).strftime("%d-%m-%Y") == p["Maandag"]
        assert m["applications"] == p["Sollicitaties"] and m["target"] == p["Doel"]
        assert {"true": "ja", "false": "nee", "": "n.v.t."}[m["target_met"]] == p["Doel gehaald"]
        assert {"sufficient": "voldoende", "insufficient": "onvoldoende", "": ""}[m["judgement"]] == p["Beoordeling"]
    meta = {r["field"]: r["value"] for r in machine if r["section"] == "trajectory"}
    facts = {r["Gegeven"]: r["Waarde"] for r in people["01-traject.csv"]}
    assert meta["verification_code"] == facts["Verificatiecode"] == CODE
    assert meta["total_applications"] == facts["Sollicitatieactiviteiten"]
    assert meta["total_gaps"] == facts["Weken onder doel zonder toelichting"]


def test_the_csv_zip_is_the_same_bytes_for_the_same_data(overview):
    _, ov = overview
    assert to_people_csv(ov) == to_people_csv(ov)  # so asking twice returns the stored file and its code


def test_the_people_csv_is_safe_against_formulas(overview):
    _, ov = overview
    apps = people_csv_tables(to_people_csv(ov))["04-sollicitatieactiviteiten.csv"]
    assert any(r["Organisatie"] == "'=HYPERLINK(\"http://x\")" for r in apps)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in apps for v in r.values())


def test_the_workbook_has_dutch_headers_date_cells_filters_and_a_frozen_header(overview):
    _, ov = overview
    workbook = load_workbook(io.BytesIO(to_xlsx(ov)))
    assert workbook.sheetnames[:3] == ["Traject", "Activiteiten per week", "Poortwachter-mijlpalen"]
    for sheet in workbook.worksheets:
        headers = [c.value for c in sheet[1]]
        assert not any("_" in h for h in headers), (sheet.title, headers)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}{sheet.max_row}", sheet.title
        assert all(c.font.bold for c in sheet[1])
    weeks = workbook["Activiteiten per week"]
    assert [c.value for c in weeks[1]] == WEEK_HEADERS
    monday = weeks.cell(2, 2)
    assert monday.is_date and monday.value.date() == ov.evidence.weeks[0].week.monday
    assert monday.number_format == "dd-mm-yyyy"
    assert weeks.cell(2, 10).data_type == "n"  # applications: a number Excel can sum
    assert weeks.column_dimensions["A"].width >= len("2026-W53")
    assert weeks.column_dimensions["P"].width >= len("onvoldoende")

    traject = workbook["Traject"]
    facts = {traject.cell(r, 1).value: traject.cell(r, 2) for r in range(2, traject.max_row + 1)}
    assert facts["Verificatiecode"].value == CODE
    assert facts["Start tweede spoor"].is_date and facts["Start tweede spoor"].number_format == "dd-mm-yyyy"
    assert facts["Sollicitatieactiviteiten"].value == ov.totals["applications"]


def test_the_workbook_agrees_with_the_csv_zip(overview):
    _, ov = overview
    csv_tables = people_csv_tables(to_people_csv(ov))
    workbook = sheets(to_xlsx(ov))
    for (name, rows), (title, sheet_rows) in zip(csv_tables.items(), workbook.items(), strict=True):
        assert len(rows) == len(sheet_rows), (name, title)
        for csv_row, sheet_row in zip(rows, sheet_rows, strict=True):
            assert list(csv_row) == list(sheet_row), title
            for header, value in sheet_row.items():
                shown = value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else ("" if value is None else str(value))
                assert csv_row[header] == shown, (title, header)


def test_the_workbook_is_safe_against_formulas(overview):
    _, ov = overview
    workbook = load_workbook(io.BytesIO(to_xlsx(ov)))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://x\")" for c in cells)


def test_earlier_judgements_read_dd_mm_jjjj_for_people_and_iso_for_systems(app):
    from datetime import timedelta

    from portal.clock import local_today
    from portal.diary import services as diary
    from portal.domain.weeks import Week
    from portal.extensions import db
    from tests.factories import TrajectoryFactory

    today = local_today()
    t = TrajectoryFactory(spoor2_start=today - timedelta(weeks=6))
    week = Week.of(today).previous().previous()
    diary.review_week(t, week, t.advisors[0], False, "Te weinig")
    diary.review_week(t, week, t.advisors[0], True)
    db.session.flush()
    with app.test_request_context():
        ov = build_overview(t, t.spoor2_start, today, today)
        machine = [r for r in machine_rows(to_machine_csv(ov)) if r["section"] == "judgements"]
        people = people_csv_tables(to_people_csv(ov))["09-beoordeelde-weken.csv"]
    assert machine[0]["earlier_judgements"] == f"onvoldoende op {today.isoformat()}"
    assert people[0]["Eerdere oordelen"] == f"onvoldoende op {today:%d-%m-%Y}"
    assert people[0]["Oordeel"] == "voldoende" and machine[0]["sufficient"] == "true"
    assert "Te weinig" not in people[0].values()


def test_the_files_for_people_and_the_machine_dialect_are_documented(overview):
    from portal.config import PROJECT_ROOT

    documented = (PROJECT_ROOT / "docs" / "overview-columns.md").read_text()
    _, ov = overview
    for section in ov.sections:
        assert section.title in documented, section.title
    assert "?dialect=machine" in documented and "dd-mm-jjjj" in documented and "`;`" in documented
