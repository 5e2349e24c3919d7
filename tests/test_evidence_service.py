"""The evidence service reads the database the way the pure domain function expects."""

from __future__ import annotations

from datetime import date, timedelta

from portal.casefile.evidence import load_evidence, load_evidence_many
from portal.diary.models import DiaryEntry, WeekReason, WeekReview
from portal.domain.weeks import Week
from portal.extensions import db
from portal.spreadsheets import safe_cell
from tests.advisor.factories import AppointmentFactory
from tests.factories import PauseFactory, TrajectoryFactory
from tests.plan.factories import publish


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


def _statements(run):
    from sqlalchemy import event

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, statements


def test_one_statement_reads_every_input_the_same_as_each_feature_contract(app):
    """The UNION ALL loader equals the features' own `*_for` readings, input by input."""
    from datetime import UTC, datetime

    from portal.advisor.services import contact_dates_for
    from portal.diary.services import evidence_facts_for, week_judgements_for, week_reasons_for
    from portal.domain.evidence import compute_evidence, target_schedule
    from portal.learning.models import AssignmentWork, Submission
    from portal.learning.services import assignment_done_dates_for
    from portal.plan.services import target_versions_for
    today = date(2026, 4, 27)
    trajectories = [TrajectoryFactory(spoor2_start=date(2026, 3, 2), weekly_target=2) for _ in range(3)]
    for n, t in enumerate(trajectories[:2]):
        _entry(t, date(2026, 3, 3), "application_letter")
        _entry(t, date(2026, 3, 11 + n), "networking")
        _entry(t, date(2026, 3, 12), "job_fair")
        _entry(t, date(2026, 3, 18), "open_application", deleted=True)
        db.session.add(DiaryEntry(trajectory=t, entry_date=date(2026, 4, 1), kind="application_letter",
                                  status="planned"))  # has not happened: no evidence
        db.session.add(WeekReview(trajectory_id=t.id, week_monday=date(2026, 3, 2), sufficient=bool(n),
                                  reason="" if n else "Te weinig"))
        db.session.add(WeekReason(trajectory_id=t.id, week_monday=date(2026, 3, 9), reason="Ziek kind"))
        AppointmentFactory(trajectory=t, starts_at=datetime(2026, 3, 22, 22, 30, tzinfo=UTC))  # Monday, local
        AppointmentFactory(trajectory=t, starts_at=datetime(2026, 3, 24, 9, tzinfo=UTC), status="cancelled")
        work = AssignmentWork(trajectory_id=t.id, module_slug="cv", assignment_slug=f"a{n}", state="approved")
        db.session.add(work)
        db.session.flush()
        db.session.add(Submission(work_id=work.id, trajectory_id=t.id, attempt=1, content_version="1",
                                  status="approved", reviewed_at=datetime(2026, 3, 25, 10, tzinfo=UTC)))
        PauseFactory(trajectory=t, start_date=date(2026, 4, 6), end_date=date(2026, 4, 8 + n))
        publish(t, target=2)
        publish(t, target=3 + n, effective_from=date(2026, 3, 30))
    db.session.flush()
    ids = [t.id for t in trajectories]

    result, statements = _statements(lambda: load_evidence_many(trajectories, today=today))
    assert len(statements) == 1

    start, end = date(2026, 3, 2), today
    facts, judgements, reasons = (evidence_facts_for(ids, start, end), week_judgements_for(ids),
                                  week_reasons_for(ids))
    assignments, contacts, versions = (assignment_done_dates_for(ids), contact_dates_for(ids, start, end),
                                       target_versions_for(ids))
    for t in trajectories:
        expected = compute_evidence(
            start=start, end=end, today=today, activities=facts[t.id], assignments_done=assignments[t.id],
            contacts=contacts[t.id], pauses=t.pause_periods, pause_labels=[p.category_label for p in t.pauses],
            target_for=target_schedule(versions[t.id], t.weekly_target),
            judgements=judgements[t.id], low_week_reasons=reasons[t.id])
        assert result[t.id] == expected
    first = result[trajectories[0].id]
    assert first.totals["applications"] == 1 and first.totals["networking"] == 1
    assert first.totals["other_activities"] == 1 and first.totals["assignments_done"] == 1
    assert first.totals["contacts"] == 1 and first.totals["weeks_paused"] == 1
    assert [w.target for w in first.weeks][3:5] == [2, 3]
    assert first.weeks[0].judgement.reason == "Te weinig" and first.weeks[1].low_week_reason == "Ziek kind"
    assert result[trajectories[2].id].totals["applications"] == 0
