"""The evidence service reads the database the way the pure domain function expects."""

from __future__ import annotations

from datetime import date, timedelta

from portal.advisor.evidence import load_evidence, load_evidence_many
from portal.diary.models import DiaryEntry, WeekReason, WeekReview
from portal.domain.weeks import Week
from portal.extensions import db
from portal.spreadsheets import safe_cell
from tests.factories import PauseFactory, TrajectoryFactory


def _entry(trajectory, day, kind, deleted=False):
    from portal.db_types import utcnow

    db.session.add(DiaryEntry(trajectory=trajectory, entry_date=day, kind=kind,
                              deleted_at=utcnow() if deleted else None))


def test_load_evidence_counts_reviews_reasons_pauses(app):
    today = date(2026, 3, 30)
    t = TrajectoryFactory(spoor2_start=date(2026, 3, 2), weekly_target=2)
    w1, w2, w3, w4 = (Week.of(date(2026, 3, 2) + timedelta(weeks=i)) for i in range(4))
    _entry(t, date(2026, 3, 3), "application_letter")
    _entry(t, date(2026, 3, 4), "open_application")
    _entry(t, date(2026, 3, 5), "open_application", deleted=True)  # soft-deleted: not counted
    _entry(t, date(2026, 3, 10), "networking")
    db.session.add(WeekReview(trajectory_id=t.id, week_monday=w1.monday, sufficient=True))
    db.session.add(WeekReason(trajectory_id=t.id, week_monday=w2.monday, reason="Gesprek voorbereid"))
    PauseFactory(trajectory=t, start_date=date(2026, 3, 16), end_date=date(2026, 3, 20))
    db.session.flush()
    ev = load_evidence(t, today=today)
    by_week = {w.week: w for w in ev.weeks}
    assert by_week[w1].applications == 2 and by_week[w1].target_met and by_week[w1].judgement.sufficient
    assert by_week[w2].networking == 1 and by_week[w2].low_week_reason and not by_week[w2].is_gap
    assert by_week[w3].paused
    assert by_week[w4].is_gap
    assert ev.totals["applications"] == 2


def test_load_evidence_many_keeps_trajectories_apart(app):
    a, b = TrajectoryFactory(), TrajectoryFactory()
    _entry(a, a.spoor2_start, "application_letter")
    db.session.flush()
    result = load_evidence_many([a, b])
    assert result[a.id].totals["applications"] == 1
    assert result[b.id].totals["applications"] == 0
    assert load_evidence_many([]) == {}


def test_safe_cell_guards_formulas():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("Bakker") == "Bakker"
    assert safe_cell(-2) == -2
