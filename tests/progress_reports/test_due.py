"""When a progress report is due: the plan's evaluation dates, the caseload and the reminders."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal.casefile.caseload import caseload_rows
from portal.casefile.reminders import generate_reminders
from portal.domain import reporting, timeline
from portal.domain.reporting import DueState
from portal.extensions import db
from portal.progress_reports import services
from portal.timeline.models import Notification, ReminderKind
from tests.factories import TrajectoryFactory, UserFactory
from tests.progress_reports.factories import with_candidate

FIRST_SICK_DAY = date(2025, 11, 3)
START = date(2026, 9, 7)


def test_due_dates_are_plan_evaluations_from_four_weeks_into_spoor_2():
    dates = reporting.report_due_dates(FIRST_SICK_DAY, START, date(2027, 10, 31))
    evaluations = timeline.plan_evaluation_dates(FIRST_SICK_DAY)
    assert dates and set(dates) <= set(evaluations)
    assert dates[0] >= START + reporting.FIRST_REPORT_AFTER
    assert all(b - a == timedelta(weeks=6) for a, b in zip(dates, dates[1:]))


def test_after_the_last_evaluation_every_six_weeks_from_the_start():
    late_start = timeline.plan_evaluation_dates(FIRST_SICK_DAY)[-1] + timedelta(days=1)
    dates = reporting.report_due_dates(FIRST_SICK_DAY, late_start, late_start + timedelta(weeks=13))
    assert dates == [late_start + timedelta(weeks=6), late_start + timedelta(weeks=12)]


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=-30, max_value=400))
def test_next_due_is_never_a_covered_date(offset, covered_offset):
    dates = reporting.report_due_dates(FIRST_SICK_DAY, START, date(2027, 10, 31))
    today = START + timedelta(days=offset)
    covered = START + timedelta(days=covered_offset) if covered_offset >= 0 else None
    due = reporting.next_due(dates, covered, today)
    if due is None:
        assert covered is not None and covered >= dates[-1] - timedelta(days=reporting.DUE_SOON_DAYS)
        return
    assert covered is None or due.due_on > covered + timedelta(days=reporting.DUE_SOON_DAYS)
    assert (due.state == DueState.OVERDUE) == (today > due.due_on)


def test_caseload_and_reminder_show_an_overdue_report_until_one_is_sent(app):
    advisor = UserFactory(advisor=True)
    t = TrajectoryFactory(first_sick_day=FIRST_SICK_DAY, spoor2_start=START, planned_end=date(2027, 10, 31),
                          advisors=[advisor])
    first_due = reporting.report_due_dates(FIRST_SICK_DAY, START, t.planned_end)[0]
    today = first_due + timedelta(days=3)
    (row,) = caseload_rows(advisor, today)
    assert row.report_due.due_on == first_due and row.report_due.state == DueState.OVERDUE

    generate_reminders(today)
    generate_reminders(today)  # the same reminder once
    notes = list(db.session.scalars(select(Notification).where(Notification.user_id == advisor.id,
                                                               Notification.kind == ReminderKind.REPORT_DUE)))
    assert len(notes) == 1 and "te laat" in notes[0].title

    with_candidate(t, advisor, today, start=START, end=first_due)
    db.session.flush()
    (row,) = caseload_rows(advisor, today)
    assert row.report_due.due_on > first_due and row.report_due.state == DueState.UPCOMING
    assert services.covered_until([t.id])[t.id] == first_due


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=-30, max_value=420))
def test_default_period_is_never_in_the_future_nor_reversed(offset, covered_offset):
    today = START + timedelta(days=offset)
    covered = START + timedelta(days=covered_offset) if covered_offset >= 0 else None
    dates = reporting.report_due_dates(FIRST_SICK_DAY, START, date(2027, 10, 31))
    start, end = reporting.default_period(START, covered, reporting.next_due(dates, covered, today), today)
    assert start <= end <= max(today, START)


def test_home_panel_names_the_overdue_report(app, client, login_as):
    from portal.clock import local_today

    advisor = UserFactory(advisor=True)
    today = local_today()
    start = today - timedelta(weeks=30)
    t = TrajectoryFactory(first_sick_day=start - timedelta(weeks=60), spoor2_start=start,
                          planned_end=today + timedelta(weeks=30), advisors=[advisor])
    login_as(advisor)
    page = client.get("/home").get_data(as_text=True)
    assert "Voortgangsrapportages" in page and f"/trajecten/{t.id}/rapportages" in page and "te laat" in page


def test_end_report_due_at_closing_or_before_the_wia_application(app, client, login_as):
    from portal.clock import local_today

    final_evaluation = timeline.sick_week_end(FIRST_SICK_DAY, timeline.FINAL_EVALUATION_WEEK)
    assert reporting.end_report_due(FIRST_SICK_DAY, None) == final_evaluation
    assert reporting.end_report_due(FIRST_SICK_DAY, date(2026, 5, 1)) == date(2026, 5, 1)

    advisor = UserFactory(advisor=True)
    today = local_today()
    t = TrajectoryFactory(first_sick_day=today - timedelta(weeks=95), spoor2_start=today - timedelta(weeks=40),
                          planned_end=today + timedelta(weeks=8), advisors=[advisor])
    login_as(advisor)
    page = client.get(f"/trajecten/{t.id}/rapportages").get_data(as_text=True)
    assert 'id="end-report-due"' in page and "Eindrapportage spoor 2 te laat" in page
    report = with_candidate(t, advisor, today, kind="final")
    db.session.commit()
    assert services.end_report_due(t, [report], today) is None
    assert 'id="end-report-due"' not in client.get(f"/trajecten/{t.id}/rapportages").get_data(as_text=True)
