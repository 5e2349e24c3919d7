"""Recorded steps, milestone_overview per audience and the trajectory page per role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from portal.domain.timeline import MilestoneState
from portal.extensions import db
from portal.timeline import services
from portal.timeline.models import MilestoneRecord
from tests.factories import PauseFactory, TrajectoryFactory, UserFactory, world
from tests.timeline.factories import MilestoneRecordFactory

FIRST = date(2026, 1, 5)


def _trajectory(**kw):
    return TrajectoryFactory(first_sick_day=FIRST, spoor2_start=date(2026, 12, 1), **kw)


def test_overview_states_from_records(app):
    t = _trajectory()
    MilestoneRecordFactory(trajectory=t, code="action_plan", done_on=date(2026, 2, 27))  # due 1 March
    MilestoneRecordFactory(trajectory=t, code="problem_analysis", done_on=date(2026, 2, 20))  # due 15 Feb
    views = {v.milestone.code: v for v in services.milestone_overview(t, date(2026, 3, 20))}
    assert views["action_plan"].state == MilestoneState.DONE
    assert views["problem_analysis"].state == MilestoneState.DONE_LATE
    assert views["plan_evaluation_1"].state == MilestoneState.UPCOMING  # week 14 ends 12 April
    assert services.milestone_overview(t, date(2026, 4, 13))[2].state == MilestoneState.MISSED
    assert views["sick_report"].state == MilestoneState.UPCOMING


def test_plan_evaluation_open_in_last_two_weeks(app):
    t = _trajectory()
    views = {v.milestone.code: v for v in services.milestone_overview(t, date(2026, 4, 1))}
    assert views["plan_evaluation_1"].milestone.due == date(2026, 4, 12)
    assert views["plan_evaluation_1"].state == MilestoneState.OPEN
    assert services.due_next(list(views.values())).milestone.code == "plan_evaluation_1"


def test_recorded_first_year_evaluation_moves_latest_spoor2_start_and_spoor2_start_counts(app):
    t = _trajectory()
    MilestoneRecordFactory(trajectory=t, code="first_year_evaluation", done_on=date(2026, 11, 20))
    views = {v.milestone.code: v for v in services.milestone_overview(t, date(2026, 12, 10))}
    assert views["spoor2_latest_start"].milestone.due == date(2027, 1, 1)
    assert views["spoor2_latest_start"].done_on == date(2026, 12, 1)  # from the trajectory
    assert views["spoor2_latest_start"].state == MilestoneState.DONE


def test_audience_filter(app):
    t = _trajectory()
    codes = lambda audience: {v.milestone.code for v in services.milestone_overview(t, FIRST, audience)}  # noqa: E731
    assert "problem_analysis" not in codes("candidate") and "plan_evaluation_1" not in codes("candidate")
    assert "search_broadening" not in codes("employer")
    assert {"problem_analysis", "plan_evaluation_1", "search_broadening"} <= codes("advisor")


def test_record_milestone_upserts_and_rejects_unknown_codes(app):
    t = _trajectory()
    advisor = t.advisors[0]
    services.record_milestone(t, "action_plan", date(2026, 2, 20), advisor)
    services.record_milestone(t, "action_plan", date(2026, 2, 25), advisor, note=" later ")
    db.session.flush()
    records = services.recorded_milestones_for([t.id])[t.id]
    assert list(records) == ["action_plan"] and records["action_plan"].done_on == date(2026, 2, 25)
    assert records["action_plan"].note == "later"
    with pytest.raises(ValueError):
        services.record_milestone(t, "waiting_period_end", FIRST, advisor)


def test_recorded_milestones_for_runs_one_query(app):
    ts = [_trajectory() for _ in range(4)]
    for t in ts:
        MilestoneRecordFactory(trajectory=t, code="action_plan")
    db.session.commit()
    ids = [t.id for t in ts]
    statements = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = services.recorded_milestones_for(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and all("action_plan" in r for r in result.values())


# --- the trajectory page per role ----------------------------------------------------------

@pytest.fixture
def page_world(app):
    w = world()
    t = w["t1"]
    t.first_sick_day = date.today() - timedelta(weeks=60)
    t.spoor2_start = date.today() - timedelta(weeks=10)
    MilestoneRecordFactory(trajectory=t, code="action_plan", done_on=t.first_sick_day + timedelta(days=40),
                           note="GEHEIME-ADVISEURSNOTITIE")
    PauseFactory(trajectory=t, reason="Vakantie van drie weken")
    db.session.commit()
    return w


def test_advisor_sees_everything_and_can_record(client, login_as, page_world):
    login_as(page_world["advisor1"])
    html = client.get(f"/trajecten/{page_world['t1'].id}").get_data(as_text=True)
    assert "ziekteweek <strong>61</strong>" in html.lower() or "Ziekteweek <strong>61</strong>" in html
    for text in ("Probleemanalyse", "42e-weeksmelding", "Zoekprofiel verbreden", "GEHEIME-ADVISEURSNOTITIE",
                 "Wat komt eraan", "Pauzes beheren", "Mijlpaal vastleggen", "Vakantie van drie weken",
                 "weekstrip"):
        assert text in html, text
    assert "evaluatie plan van aanpak" in html.lower()


def test_employer_sees_no_candidate_only_or_internal_items(client, login_as, page_world):
    login_as(page_world["employer1"])
    html = client.get(f"/trajecten/{page_world['t1'].id}").get_data(as_text=True)
    assert "Poortwachter-tijdlijn" in html and "42e-weeksmelding" in html
    for text in ("Zoekprofiel verbreden", "GEHEIME-ADVISEURSNOTITIE", "Pauzes beheren", "Mijlpaal vastleggen",
                 "Vastleggen"):
        assert text not in html, text


def test_candidate_sees_own_milestones_only(client, login_as, page_world):
    login_as(page_world["candidate1"])
    html = client.get(f"/trajecten/{page_world['t1'].id}").get_data(as_text=True)
    assert "Zoekprofiel verbreden" in html and "Plan van aanpak" in html
    for text in ("Probleemanalyse", "42e-weeksmelding", "Evaluatie plan van aanpak", "GEHEIME-ADVISEURSNOTITIE",
                 "Niet vastgelegd:", "Pauzes beheren"):
        assert text not in html, text


def test_advisor_records_a_step_through_the_form(client, login_as, page_world):
    t = page_world["t1"]
    login_as(page_world["advisor1"])
    url = f"/trajecten/{t.id}/mijlpalen"
    assert client.get(url + "?stap=sick_report").status_code == 200
    response = client.post(url, data={"code": "sick_report", "done_on": "", "note": ""})
    assert response.status_code == 200 and "Vul een datum in." in response.get_data(as_text=True)
    response = client.post(url, data={"code": "bogus", "done_on": "2026-01-01"})
    assert response.status_code == 200
    done = (t.first_sick_day + timedelta(weeks=42)).isoformat()
    response = client.post(url, data={"code": "sick_report", "done_on": done, "note": "Via werkgeversportaal"})
    assert response.status_code == 302
    record = db.session.query(MilestoneRecord).filter_by(trajectory_id=t.id, code="sick_report").one()
    assert record.done_on.isoformat() == done and record.recorded_by_id == page_world["advisor1"].id
    response = client.post(f"/mijlpalen/{record.id}", data={"code": "sick_report", "done_on": "2026-01-02", "note": ""})
    assert response.status_code == 302
    db.session.refresh(record)
    assert record.done_on == date(2026, 1, 2)


def test_pages_work_for_a_trajectory_with_a_running_pause(client, login_as, app):
    t = TrajectoryFactory()
    PauseFactory(trajectory=t, start_date=date.today() - timedelta(days=3), end_date=None)
    db.session.commit()
    login_as(t.candidate)
    html = client.get(f"/trajecten/{t.id}").get_data(as_text=True)
    assert "Traject gepauzeerd" in html and "lopend" in html


def test_admin_sees_the_page(client, login_as, page_world):
    login_as(UserFactory(admin=True))
    assert client.get(f"/trajecten/{page_world['t1'].id}").status_code == 200
