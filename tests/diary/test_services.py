"""Diary rules: weeks, targets and pauses, history, locking, addenda, the pipeline, follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.casefile.week_progress import week_progress
from portal.diary import services as diary
from portal.diary.models import StatusChange
from portal.domain.weeks import Week
from portal.extensions import db
from tests.diary.factories import DiaryEntryFactory
from tests.factories import PauseFactory, TrajectoryFactory


def _add(t, day, kind="application_letter", **fields):
    fields.setdefault("organisation", "Gemeente Tiel")
    return diary.create_entry(t, t.candidate, entry_date=day, kind=kind, **fields)


def test_iso_weeks_around_new_year():
    # 29 Dec 2025 .. 4 Jan 2026 is ISO week 1 of 2026; 28 Dec 2026 .. 3 Jan 2027 is week 53 of 2026.
    assert Week.of(date(2025, 12, 31)).key == "2026-W01"
    assert Week.of(date(2026, 1, 4)).key == "2026-W01"
    assert Week.of(date(2027, 1, 1)).key == "2026-W53"
    assert Week.from_key("2026-W53").monday == date(2026, 12, 28)
    with pytest.raises(ValueError):
        Week.from_key("2026-53")


def test_week_progress_counts_only_applications_and_respects_pauses(app):
    today = date(2026, 1, 2)  # Friday of 2026-W01, which starts in 2025
    t = TrajectoryFactory(spoor2_start=date(2025, 11, 3), weekly_target=4)
    _add(t, date(2025, 12, 29))
    _add(t, date(2025, 12, 30), "open_application")
    _add(t, date(2026, 1, 2), "phone_application")
    _add(t, date(2026, 1, 1), "networking")
    _add(t, date(2025, 12, 28))  # Sunday: the week before
    gone = _add(t, date(2025, 12, 31))
    diary.delete_entry(gone, t.candidate)
    db.session.flush()
    progress = week_progress(t, today)
    assert (progress.applications, progress.target, progress.other) == (3, 4, 1)
    assert progress.sentence == "3 van 4 sollicitaties deze week"
    PauseFactory(trajectory=t, start_date=date(2026, 1, 1), end_date=date(2026, 1, 14))
    db.session.flush()
    db.session.expire(t)
    paused = week_progress(t, today)
    assert paused.paused and paused.met and "gepauzeerd" in paused.sentence


def test_create_records_history_and_first_status(app):
    t = TrajectoryFactory()
    entry = _add(t, date.today(), position="Planner", status="sent")
    db.session.flush()
    assert [r.action for r in entry.revisions] == ["created"]
    assert entry.revisions[0].changes["organisation"] == [None, "Gemeente Tiel"]
    assert [(c.from_status, c.to_status) for c in entry.status_changes] == [("", "sent")]


def test_edit_keeps_field_level_diff(app):
    t = TrajectoryFactory()
    entry = _add(t, date.today() - timedelta(days=1), position="Planner")
    db.session.flush()
    changes = diary.update_entry(entry, t.candidate, position="Senior planner", place="Utrecht",
                                      organisation="Gemeente Tiel", fits_capacity=False)
    assert changes == {"position": ["Planner", "Senior planner"], "place": ["", "Utrecht"],
                            "fits_capacity": [None, False]}
    assert diary.update_entry(entry, t.candidate, position="Senior planner") == {}
    db.session.flush()
    assert [r.action for r in entry.revisions] == ["created", "edited"]
    assert entry.revisions[1].author_id == t.candidate_id


def test_review_locks_week_and_addendum_is_the_way(app):
    t = TrajectoryFactory()
    advisor = t.advisors[0]
    last_week = Week.of(date.today()).previous()
    entry = _add(t, last_week.monday)
    db.session.flush()
    with pytest.raises(diary.DiaryError):
        diary.review_week(t, last_week, advisor, sufficient=False, reason="")
    diary.review_week(t, last_week, advisor, sufficient=False, reason="Te weinig gesolliciteerd")
    assert diary.is_week_locked(t, last_week)
    assert not diary.is_week_locked(t, last_week.previous())
    with pytest.raises(diary.WeekLocked):
        diary.update_entry(entry, t.candidate, position="Anders")
    with pytest.raises(diary.WeekLocked):
        diary.delete_entry(entry, t.candidate)
    with pytest.raises(diary.WeekLocked):
        diary.add_entry(t, t.candidate, entry_date=last_week.monday + timedelta(days=2), kind="networking",
                        organisation="X")
    with pytest.raises(diary.WeekLocked):
        diary.set_week_reason(t, last_week, t.candidate, "ziek")
    # moving another entry into the locked week is refused too
    other = _add(t, date.today())
    db.session.flush()
    if Week.of(date.today()) != last_week:
        with pytest.raises(diary.WeekLocked):
            diary.update_entry(other, t.candidate, entry_date=last_week.monday)
    diary.add_addendum(entry, t.candidate, "De functie was Planner logistiek.")
    db.session.flush()
    assert entry.position == ""  # the original is untouched
    assert [a.text for a in entry.addenda] == ["De functie was Planner logistiek."]
    # a second review replaces the judgement, it does not add a row
    diary.review_week(t, last_week, advisor, sufficient=True)
    assert diary.week_judgements_for([t.id])[t.id][last_week].sufficient


def test_status_pipeline_is_dated_and_kept(app):
    t = TrajectoryFactory()
    day = date.today() - timedelta(days=20)
    entry = _add(t, day, status="sent")
    db.session.flush()
    diary.move_entry(entry, t.candidate, "invited", day + timedelta(days=5))
    diary.move_entry(entry, t.candidate, "interview", day + timedelta(days=9))
    assert diary.move_entry(entry, t.candidate, "interview", day + timedelta(days=10)) is None
    with pytest.raises(diary.DiaryError):
        diary.move_entry(entry, t.candidate, "offer", day - timedelta(days=1))
    db.session.flush()
    db.session.expire(entry)
    steps = [(c.to_status, c.changed_on) for c in entry.status_changes]
    assert steps == [("sent", day), ("invited", day + timedelta(days=5)), ("interview", day + timedelta(days=9))]
    assert entry.status == "interview"
    assert db.session.query(StatusChange).count() == 3


def test_moves_allowed_in_reviewed_week(app):
    t = TrajectoryFactory()
    week = Week.of(date.today()).previous()
    entry = _add(t, week.monday)
    db.session.flush()
    diary.review_week(t, week, t.advisors[0], sufficient=True)
    diary.move_entry(entry, t.candidate, "rejected", date.today())
    assert entry.status == "rejected"


def test_soft_delete_hides_from_counts_and_overview(app):
    t = TrajectoryFactory()
    keep = _add(t, date.today() - timedelta(days=3))
    gone = _add(t, date.today() - timedelta(days=2))
    db.session.flush()
    diary.delete_entry(gone, t.candidate)
    assert gone.deleted_at is not None and gone.revisions[-1].action == "deleted"
    start, end = date.today() - timedelta(days=30), date.today()
    assert diary.entries_for_overview(t, start, end) == [keep]
    assert len(diary.evidence_facts_for([t.id], start, end)[t.id]) == 1
    assert gone in diary.search_entries(t, include_deleted=True)


def test_due_follow_ups(app):
    today = date(2026, 3, 11)  # Wednesday
    t, other = TrajectoryFactory(), TrajectoryFactory()
    due = DiaryEntryFactory(trajectory=t, entry_date=date(2026, 3, 1), follow_up_on=date(2026, 3, 13))
    overdue = DiaryEntryFactory(trajectory=t, entry_date=date(2026, 2, 1), follow_up_on=date(2026, 3, 2))
    DiaryEntryFactory(trajectory=t, entry_date=date(2026, 3, 1), follow_up_on=date(2026, 3, 20))  # next week
    DiaryEntryFactory(trajectory=t, entry_date=date(2026, 3, 1), follow_up_on=date(2026, 3, 10), status="rejected")
    DiaryEntryFactory(trajectory=other, entry_date=date(2026, 3, 1), follow_up_on=date(2026, 3, 10))
    db.session.flush()
    result = diary.due_follow_ups_for([t.id], today)
    assert result == {t.id: [overdue, due]}


def test_notes_are_sanitised(app):
    t = TrajectoryFactory()
    entry = _add(t, date.today(), notes_html='<p onclick="x()">Hoi<script>alert(1)</script></p>')
    assert "script" not in entry.notes_html and "onclick" not in entry.notes_html


def test_last_used_defaults(app):
    t = TrajectoryFactory()
    assert diary.last_used(t, "application_letter") == {}
    _add(t, date.today(), channel="werk_nl", method="email")
    _add(t, date.today(), kind="open_application", channel="open", method="letter")
    db.session.flush()
    assert diary.last_used(t, "application_letter") == {"channel": "werk_nl", "method": "email"}
    # Another kind's channel and method are never a default, nor is anything without a kind.
    assert diary.last_used(t, "phone_application") == {}
    assert diary.last_used(t) == {}


def test_demo_diaries_are_realistic(demo):
    from portal.diary.models import Addendum, DiaryEntry, StatusChange, WeekReason, WeekReview

    ctx = demo
    counts = [db.session.query(m).count() for m in (DiaryEntry, WeekReview, WeekReason, Addendum, StatusChange)]
    assert all(counts)
    statuses = {s for (s,) in db.session.query(DiaryEntry.status).distinct()}
    assert statuses >= {"planned", "sent", "invited", "interview", "offer", "hired", "rejected", "no_response"}
    assert db.session.query(WeekReview).filter_by(sufficient=False).count() > 0
    sanne, maria = ctx.trajectories["sanne"], ctx.trajectories["maria"]
    assert any(p.end_date is not None for p in sanne.pauses)
    assert any(p.end_date is None for p in maria.pauses)
    assert diary.due_follow_ups_for([sanne.id], ctx.today)[sanne.id]
