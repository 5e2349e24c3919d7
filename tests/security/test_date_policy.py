"""One date policy: a plausible window per kind of date (issue 23, first step).

Forms refuse a typo such as year 0026 or 9999 with a Dutch message next to the field;
week keys and ?tot= far outside give a 404 or clamp; a bad row already stored is skipped
by the iCal feed and shown by the pages instead of breaking them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from werkzeug.datastructures import MultiDict

from portal.domain.dates import DateKind, plausible, problem, window
from portal.domain.weeks import Week
from portal.extensions import db
from tests.advisor.factories import AppointmentFactory
from tests.factories import world

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize("kind", list(DateKind))
def test_every_kind_has_a_window_around_today(kind):
    allowed = window(kind, TODAY)
    assert allowed.first < TODAY < allowed.last
    assert (allowed.last - allowed.first).days < 12 * 366
    for typo in (date(26, 12, 3), date(9999, 12, 31), date(1, 1, 1)):
        assert not plausible(kind, typo, TODAY)
        assert "Controleer het jaartal" in problem(kind, typo, TODAY)
    assert window(kind, date(2028, 2, 29)).first.month == 2  # a leap day shifts safely


def test_clamp_keeps_a_date_inside_the_window():
    allowed = window(DateKind.QUERY, TODAY)
    assert allowed.clamp(date(1, 1, 1)) == allowed.first and allowed.clamp(date(9999, 12, 31)) == allowed.last
    assert allowed.clamp(TODAY) == TODAY


@pytest.mark.parametrize("key", ["9999-W52", "0001-W01", "0026-W10", "99999-W01", "2026-W54", "-W1", "2026-W"])
def test_far_off_or_malformed_week_keys_are_refused(key):
    with pytest.raises(ValueError):
        Week.from_key(key, today=TODAY)


def test_a_plausible_week_key_parses():
    assert Week.from_key("2026-W49", today=TODAY).monday == date(2026, 11, 30)


@pytest.mark.parametrize("key", ["9999-W52", "0001-W01"])
def test_week_pages_answer_404_for_far_off_weeks(client, login_as, key):
    w = world()
    login_as(w["advisor1"])
    assert client.get(f"/trajecten/{w['t1'].id}/dagboek/{key}").status_code == 404
    login_as(w["candidate1"])
    assert client.get(f"/dagboek?week={key}").status_code == 200


@pytest.mark.parametrize("tot", ["0001-01-01", "9999-12-31", "0026-05-01"])
def test_candidate_file_clamps_far_off_tot(client, login_as, tot):
    w = world()
    login_as(w["advisor1"])
    assert client.get(f"/adviseur/trajecten/{w['t1'].id}?tot={tot}").status_code == 200


@pytest.mark.parametrize("form_path, field, data", [
    ("portal.advisor.forms:AppointmentForm", "day",
     {"kind": "coaching", "status": "planned", "start_time": "10:00", "duration_minutes": "60"}),
    ("portal.advisor.forms:TrajectoryDataForm", "first_sick_day",
     {"spoor2_start": "2026-01-05", "planned_end": "2027-01-05", "reason": "typo"}),
    ("portal.advisor.forms:TrajectoryDataForm", "planned_end",
     {"first_sick_day": "2025-01-05", "spoor2_start": "2026-01-05", "reason": "typo"}),
    ("portal.plan.forms:PlacementForm", "start_on", {}),
    ("portal.plan.forms:IntakeForm", "intake_on", {}),
    ("portal.admin.forms:TrajectoryForm", "spoor2_start", {"first_sick_day": "2025-01-05"}),
    ("portal.reports.forms:OverviewForm", "start", {"format": "csv"}),
    # Found by tests/security/test_form_fuzz.py: milestones and pauses stored 0001-01-01.
    ("portal.timeline.forms:MilestoneRecordForm", "done_on", {}),
    ("portal.timeline.forms:PauseForm", "start_date", {"reason": "Ziek"}),
    ("portal.timeline.forms:PauseForm", "end_date", {"start_date": "2026-01-05", "reason": "Ziek"}),
    ("portal.timeline.forms:EndPauseForm", "end_date", {}),
])
@pytest.mark.parametrize("value", ["9999-12-31", "0026-03-01"])
def test_forms_refuse_implausible_dates_with_dutch_message(app, form_path, field, data, value):
    import importlib

    module, name = form_path.split(":")
    form_class = getattr(importlib.import_module(module), name)
    with app.test_request_context(method="POST"):
        form = form_class(MultiDict({**data, field: value}), meta={"csrf": False})
        form[field].validate(form)
        assert any("Controleer het jaartal" in e for e in form[field].errors), form[field].errors
        assert form[field].raw_data == [value]  # the input is kept for the re-rendered form


def test_advisor_edit_with_year_9999_rerenders_instead_of_storing(client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["advisor1"])
    response = client.post(f"/adviseur/trajecten/{t.id}/gegevens", data={
        "first_sick_day": t.first_sick_day.isoformat(), "spoor2_start": t.spoor2_start.isoformat(),
        "planned_end": "9999-12-31", "reason": "tikfout"})
    assert response.status_code in (200, 302)
    db.session.expire_all()
    assert db.session.get(type(t), t.id).planned_end != date(9999, 12, 31)


def test_ical_feed_and_casefile_skip_an_appointment_stored_in_year_9999(client, login_as):
    w = world()
    AppointmentFactory(trajectory=w["t1"], advisor_id=w["advisor1"].id, status="planned",
                       starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC), goal="Tikfout")
    AppointmentFactory(trajectory=w["t1"], advisor_id=w["advisor1"].id, status="planned",
                       starts_at=datetime.now(UTC), goal="Echt")
    db.session.commit()
    login_as(w["advisor1"])
    feed = client.get("/adviseur/agenda.ics")
    assert feed.status_code == 200 and feed.data.count(b"BEGIN:VEVENT") == 1
    assert client.get(f"/adviseur/trajecten/{w['t1'].id}").status_code == 200
    assert client.get("/adviseur").status_code == 200


def test_check_dates_reports_stored_rows_outside_the_policy_and_changes_nothing(app, runner):
    w = world()
    AppointmentFactory(trajectory=w["t1"], advisor_id=w["advisor1"].id, status="planned",
                       starts_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    db.session.commit()
    result = runner.invoke(args=["check-dates"])
    assert result.exit_code == 1
    assert "appointments.starts_at: 1 rij(en)" in result.output
    db.session.expire_all()
    from portal.advisor.models import Appointment

    assert db.session.scalar(db.select(db.func.max(Appointment.starts_at))).year == 9999


def test_admin_new_trajectory_in_year_9999_rerenders_instead_of_failing(client, login_as):
    """Found by the form fuzz: the Poortwachter calendar overflowed on 9999-12-31 (a 500)."""
    w = world()
    login_as(w["admin"])
    response = client.post("/beheer/trajecten/nieuw", data={
        "employer_id": "0", "candidate_id": "0", "new_candidate_name": "N", "new_candidate_email": "n@example.org",
        "new_employer_name": "W", "first_sick_day": "9999-12-31", "spoor2_start": "9999-12-31",
        "planned_end": "9999-12-31", "weekly_target": "2"})
    assert response.status_code == 200
    assert "Controleer het jaartal" in response.get_data(as_text=True)
