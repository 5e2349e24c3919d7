"""Issue 18, "One truth of effort": one test per defect found with fresh data.

Each test failed on main before the fix; together they pin the rules that every surface
(evidence, caseload, employer home, overview PDF/CSV/XLSX, diary export) now shares.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook

from portal.casefile.caseload import caseload_rows
from portal.casefile.employer import employer_rows
from portal.casefile.evidence import load_evidence
from portal.casefile.overview import build_overview
from portal.diary import exchange
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from portal.reports.render import to_machine_csv, to_xlsx
from tests.factories import TrajectoryFactory, UserFactory
from tests.plan.factories import publish
from tests.reports.factories import entry

MONDAY = date(2026, 9, 7)  # a Monday; every scenario starts from it


def _csv(overview) -> list[dict]:
    return list(csv.DictReader(io.StringIO(to_machine_csv(overview).decode("utf-8-sig"))))


def _xlsx(overview) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(to_xlsx(overview)))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return sheets


def test_a_plan_revision_never_rewrites_past_weeks(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=3)
    today = MONDAY + timedelta(weeks=8)
    before = [w.target for w in load_evidence(t, MONDAY, today - timedelta(days=1), today).weeks]
    assert before == [3] * 8
    publish(t, target=5, effective_from=MONDAY + timedelta(weeks=4))
    db.session.flush()
    after = [w.target for w in load_evidence(t, MONDAY, today - timedelta(days=1), today).weeks]
    assert after == [3, 3, 3, 3, 5, 5, 5, 5]
    # A second revision: still only from its own week on.
    publish(t, target=1, effective_from=MONDAY + timedelta(weeks=6, days=2))  # a Wednesday
    db.session.flush()
    again = [w.target for w in load_evidence(t, MONDAY, today - timedelta(days=1), today).weeks]
    assert again == [3, 3, 3, 3, 5, 5, 5, 1]


def test_planned_entries_are_neither_listed_as_done_nor_flagged_as_counting(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=2)
    today = MONDAY + timedelta(weeks=3)
    entry(t, MONDAY + timedelta(days=1))
    entry(t, MONDAY + timedelta(days=2), status="planned", organisation="Nog te doen BV")
    db.session.flush()
    with app.test_request_context():
        ov = build_overview(t, MONDAY, today - timedelta(days=1), today)
        assert ov.totals["applications"] == 1
        assert len(ov.section("applications").rows) == 1
        assert sum(1 for r in _csv(ov) if r["section"] == "applications") == 1
        assert len(_xlsx(ov)["Sollicitatieactiviteiten"]) == 1
    rows = list(csv.DictReader(io.StringIO(exchange.export_csv(
        list(db.session.query(DiaryEntry).filter_by(trajectory_id=t.id).order_by(DiaryEntry.entry_date))
    ).lstrip("\ufeff")), delimiter=";"))
    assert [r["telt_als_sollicitatie"] for r in rows] == ["ja", "nee"]


def test_the_header_target_is_the_one_in_force_at_the_period_end(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=1)
    publish(t, target=1, effective_from=MONDAY)
    publish(t, target=2, effective_from=MONDAY + timedelta(weeks=2))
    db.session.flush()
    end = MONDAY + timedelta(weeks=3, days=2)  # a Wednesday: the last week is prorated to 1
    today = end + timedelta(weeks=2)
    with app.test_request_context():
        ov = build_overview(t, MONDAY, end, today)
    assert ov.evidence.weeks[-1].target == 1  # prorated: 2 * 3 / 5, rounded down
    assert ov.header.weekly_target == 2
    assert {r["field"]: r["value"] for r in ov.meta_rows()}["weekly_target"] == 2


def test_caseload_and_employer_home_agree_on_the_last_four_weeks(app):
    today = MONDAY + timedelta(weeks=5, days=2)  # a Wednesday
    start = MONDAY + timedelta(weeks=1, days=3)  # spoor 2 starts on a Thursday
    advisor = UserFactory(advisor=True)
    t = TrajectoryFactory(spoor2_start=start, weekly_target=2, advisors=[advisor])
    entry(t, start - timedelta(days=1))  # the day before spoor 2: no evidence
    entry(t, start)
    entry(t, start + timedelta(weeks=1))
    entry(t, start + timedelta(weeks=2))
    db.session.flush()
    case = next(r for r in caseload_rows(advisor, today) if r.trajectory.id == t.id)
    card = employer_rows([t], today)[0]
    # Four finished weeks: the first prorated to 0 (Thursday and Friday of 2), then 2, 2, 2.
    assert (case.signals.applications_four_weeks, case.signals.target_four_weeks) == (3, 6)
    assert (card.recent_applications, card.recent_target) == (3, 6)


def test_a_diary_entry_before_the_spoor2_start_asks_for_a_reason(app, client, login_as):
    t = TrajectoryFactory(spoor2_start=date.today() - timedelta(weeks=5))
    login_as(t.candidate)
    # A year that is no more than a typo (2019 for a sick leave of 2026) is refused outright.
    html = client.post("/dagboek/nieuw", data={"entry_date": "2019-03-04", "kind": "application_letter",
                                               "organisation": "Oude Baan BV", "status": "sent"}).get_data(as_text=True)
    assert "Controleer het jaartal" in html and db.session.query(DiaryEntry).count() == 0
    before = t.spoor2_start - timedelta(weeks=8)
    form = {"entry_date": before.isoformat(), "kind": "application_letter", "organisation": "Oude Baan BV",
            "status": "sent"}
    response = client.post("/dagboek/nieuw", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "vóór de start van het tweede spoor" in body
    assert 'value="Oude Baan BV"' in body
    assert db.session.query(DiaryEntry).count() == 0
    response = client.post("/dagboek/nieuw", data={**form, "outside_confirmed": "y",
                                                    "outside_reason": "Vergeten in te voeren"})
    assert response.status_code == 302
    saved = db.session.query(DiaryEntry).one()
    assert saved.outside_reason == "Vergeten in te voeren"
    # Shown, but not counted anywhere, and the week filter stays inside the trajectory.
    assert load_evidence(t).totals["applications"] == 0
    page = client.get("/dagboek").get_data(as_text=True)
    assert "Oude Baan BV" in page and "telt niet mee" in page
    assert Week.of(before).key not in page
    assert Week.of(t.spoor2_start).key in page
    # Its week page still opens (nothing asked of a week outside the trajectory, no error);
    # a week key outside the date policy or no week at all is not found.
    assert client.get(f"/trajecten/{t.id}/dagboek/{Week.of(before).key}").status_code == 200
    assert client.get(f"/trajecten/{t.id}/dagboek/2019-W10").status_code == 404
    assert client.get(f"/trajecten/{t.id}/dagboek/2026-W99").status_code == 404


def test_other_activities_mean_one_thing(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=1)
    entry(t, MONDAY + timedelta(days=1), "networking")
    entry(t, MONDAY + timedelta(days=2), "job_fair")
    entry(t, MONDAY + timedelta(days=3), "other")
    db.session.flush()
    today = MONDAY + timedelta(weeks=2)
    with app.test_request_context():
        ov = build_overview(t, MONDAY, today - timedelta(days=1), today)
    meta = {r["field"]: r["value"] for r in ov.meta_rows()}
    assert meta["total_other_activities"] == len(ov.section("other_activities").rows) == 2
    assert meta["total_networking"] == len(ov.section("networking").rows) == 1


def test_the_running_week_is_not_judged_in_csv_or_xlsx(app):
    t = TrajectoryFactory(spoor2_start=MONDAY, weekly_target=2)
    today = MONDAY + timedelta(weeks=2, days=2)
    with app.test_request_context():
        ov = build_overview(t, MONDAY, today, today)
        weeks = [r for r in _csv(ov) if r["section"] == "weeks"]
        sheet = _xlsx(ov)["Activiteiten per week"]
    assert [r["target_met"] for r in weeks] == ["false", "false", ""]
    assert [(r["Doel gehaald"], r["Stand"]) for r in sheet] == [("nee", "afgelopen"), ("nee", "afgelopen"),
                                                              ("n.v.t.", "loopt nog")]
