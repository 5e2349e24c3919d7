"""Diary writes and reads (the diary feature builds on these)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.auth.models import User
from portal.diary.models import DiaryEntry, WeekReason, WeekReview
from portal.domain.evidence import ActivityFact, WeekJudgement
from portal.domain.weeks import Week
from portal.extensions import db
from portal.trajectory.models import Trajectory


def create_entry(trajectory: Trajectory, author: User, **fields) -> DiaryEntry:
    """Add a diary entry to a trajectory; the caller commits."""
    entry = DiaryEntry(trajectory=trajectory, author_id=author.id, **fields)
    db.session.add(entry)
    return entry


# --- evidence inputs (one query each, for any number of trajectories) ------------------

def evidence_facts_for(trajectory_ids, start: date, end: date) -> dict[int, list[ActivityFact]]:
    """Every non-deleted entry in [start, end] as (date, kind), per trajectory."""
    ids = list(trajectory_ids)
    facts: dict[int, list[ActivityFact]] = {tid: [] for tid in ids}
    if not ids:
        return facts
    rows = db.session.execute(
        select(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind).where(
            DiaryEntry.trajectory_id.in_(ids),
            DiaryEntry.deleted_at.is_(None),
            DiaryEntry.entry_date >= start,
            DiaryEntry.entry_date <= end,
        )
    )
    for trajectory_id, entry_date, kind in rows:
        facts[trajectory_id].append(ActivityFact(entry_date, kind))
    return facts


def week_judgements_for(trajectory_ids) -> dict[int, dict[Week, WeekJudgement]]:
    """The advisor's week reviews, per trajectory."""
    ids = list(trajectory_ids)
    result: dict[int, dict[Week, WeekJudgement]] = {tid: {} for tid in ids}
    if ids:
        for review in db.session.scalars(select(WeekReview).where(WeekReview.trajectory_id.in_(ids))):
            result[review.trajectory_id][Week.of(review.week_monday)] = WeekJudgement(review.sufficient, review.reason)
    return result


def week_reasons_for(trajectory_ids) -> dict[int, dict[Week, str]]:
    """The candidate's reasons for low weeks, per trajectory."""
    ids = list(trajectory_ids)
    result: dict[int, dict[Week, str]] = {tid: {} for tid in ids}
    if ids:
        for row in db.session.scalars(select(WeekReason).where(WeekReason.trajectory_id.in_(ids))):
            result[row.trajectory_id][Week.of(row.week_monday)] = row.reason
    return result
