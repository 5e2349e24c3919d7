"""Issued overviews stay true: the portal says whether today's data still gives their numbers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.casefile import issued
from portal.diary.models import DiaryEntry
from portal.extensions import db
from tests.factories import UserFactory
from tests.reports.factories import PERIOD, TODAY, new_year_trajectory


def _issue(app, t, user, fmt="csv"):
    with app.test_request_context():
        record, _ = issued.generate_overview(t, user, *PERIOD, fmt, TODAY)
    db.session.commit()
    return record


def _edit_past_week(t):
    """The phone application of Tuesday 8 December 2026 (2026-W50) becomes a network talk."""
    row = db.session.scalar(select(DiaryEntry).where(DiaryEntry.trajectory_id == t.id,
                                                     DiaryEntry.entry_date == date(2026, 12, 8)))
    row.kind = "networking"
    db.session.commit()


def test_unchanged_data_is_not_outdated(app, client, login_as):
    t = new_year_trajectory()
    employer = UserFactory(employer=True, organisation=t.employer)
    record = _issue(app, t, employer)
    assert record.figures["as_of"] == TODAY.isoformat() and "2026-W53" in record.figures["weeks"]
    state = issued.freshness(t, [record])[record.id]
    assert state.known and not state.outdated
    login_as(employer)
    page = client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
    assert "actueel" in page and "achterhaald" not in page
    check = client.get(f"/controle?code={record.display_code}").get_data(as_text=True)
    assert "Deze code is echt" in check and "achterhaald" not in check


def test_a_changed_past_week_makes_the_stored_overview_outdated_with_that_week_named(app, client, login_as):
    t = new_year_trajectory()
    employer = UserFactory(employer=True, organisation=t.employer)
    record = _issue(app, t, employer)
    _edit_past_week(t)

    state = issued.freshness(t, [record])[record.id]
    assert state.outdated
    assert state.changes == (("2026-W50", "sollicitaties 1 → 0, netwerk 0 → 1"),)

    for user in (employer, t.advisors[0]):
        login_as(user)
        page = client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
        assert "achterhaald" in page and "Week 2026-W50" in page and "sollicitaties 1 → 0" in page

    check = client.get(f"/controle?code={record.display_code}").get_data(as_text=True)
    assert "Deze code is echt" in check  # still genuine: the file is what the portal made
    assert "Dit overzicht is achterhaald" in check and "Week 2026-W50" in check
    assert t.candidate.name not in check


def test_an_overview_issued_before_figures_were_kept_still_verifies(app, client):
    t = new_year_trajectory()
    record = _issue(app, t, UserFactory(employer=True, organisation=t.employer))
    record.figures = None  # as every overview stored before migration 0020
    db.session.commit()
    _edit_past_week(t)
    state = issued.freshness(t, [record])[record.id]
    assert not state.known and not state.outdated
    result = issued.verify(record.display_code)
    assert result is not None and result.reference == t.reference
    check = client.get(f"/controle?code={record.display_code}").get_data(as_text=True)
    assert "Deze code is echt" in check and "niet na te gaan" in check


def test_many_stored_overviews_are_checked_in_one_statement(app):
    from sqlalchemy import event

    t = new_year_trajectory()
    employer = UserFactory(employer=True, organisation=t.employer)
    records = [_issue(app, t, employer, fmt) for fmt in ("csv", "xlsx", "csv")]
    _edit_past_week(t)
    for r in records:  # loaded, as the overview page has them
        db.session.refresh(r)
    db.session.refresh(t)
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        states = issued.freshness(t, records)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert all(states[r.id].outdated for r in records)
