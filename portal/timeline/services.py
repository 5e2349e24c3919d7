"""Milestones, pauses, notifications and reminder preferences: writes and reads.

The view commits; these functions add to the session and decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from portal.auth.models import User
from portal.db_types import utcnow
from portal.domain import timeline as tl
from portal.domain.timeline import Audience, Milestone, MilestoneState
from portal.extensions import db
from portal.timeline.models import MilestoneRecord, Notification, ReminderKind, ReminderPreference
from portal.trajectory.models import Pause, PauseCategory, Trajectory
from portal.versions import update_keeping_version

# --- milestones ------------------------------------------------------------------------------

@dataclass(frozen=True)
class MilestoneView:
    """A milestone as one audience sees it: its state and, when recorded, the date it happened."""

    milestone: Milestone
    state: MilestoneState
    done_on: date | None = None
    record: MilestoneRecord | None = None

    @property
    def label(self) -> str:
        return self.milestone.label

    @property
    def state_label(self) -> str:
        return tl.STATE_LABELS[self.state]

    @property
    def tone(self) -> str:
        return {
            MilestoneState.DONE: "ok", MilestoneState.DONE_LATE: "warn", MilestoneState.MISSED: "danger",
            MilestoneState.OPEN: "info", MilestoneState.UPCOMING: "neutral",
        }[self.state]

    @property
    def is_past(self) -> bool:
        return self.state in (MilestoneState.DONE, MilestoneState.DONE_LATE, MilestoneState.MISSED)


def recorded_milestones_for(trajectory_ids: Iterable[int]) -> dict[int, dict[str, MilestoneRecord]]:
    """Recorded steps per trajectory, by milestone code (one query for any number)."""
    ids = list(trajectory_ids)
    result: dict[int, dict[str, MilestoneRecord]] = {tid: {} for tid in ids}
    if ids:
        for record in db.session.scalars(select(MilestoneRecord).where(MilestoneRecord.trajectory_id.in_(ids))):
            result[record.trajectory_id][record.code] = record
    return result


def milestones_for(trajectory: Trajectory, records: dict[str, MilestoneRecord] | None = None) -> list[Milestone]:
    """The trajectory's calendar; a recorded first-year evaluation moves the spoor 2 deadline."""
    records = records if records is not None else recorded_milestones_for([trajectory.id])[trajectory.id]
    eje = records.get("first_year_evaluation")
    return tl.poortwachter_milestones(
        trajectory.first_sick_day, trajectory.spoor2_start, first_year_evaluation=eje.done_on if eje else None
    )


def _done_on(trajectory: Trajectory, code: str, records: dict[str, MilestoneRecord], today: date) -> date | None:
    if code in records:
        return records[code].done_on
    # The trajectory itself knows when spoor 2 started.
    if code == "spoor2_latest_start" and trajectory.spoor2_start <= today:
        return trajectory.spoor2_start
    return None


def milestone_overview(
    trajectory: Trajectory,
    today: date,
    audience: Audience | str | None = None,
    records: dict[str, MilestoneRecord] | None = None,
) -> list[MilestoneView]:
    """The milestones that concern `audience` (all when None) with state and recorded date."""
    records = records if records is not None else recorded_milestones_for([trajectory.id])[trajectory.id]
    views = []
    for m in milestones_for(trajectory, records):
        if audience is not None and not m.concerns(audience):
            continue
        done_on = _done_on(trajectory, m.code, records, today)
        views.append(MilestoneView(m, tl.effective_state(m, today, done_on), done_on, records.get(m.code)))
    return views


def due_next(views: list[MilestoneView]) -> MilestoneView | None:
    """What is due next: the earliest open or upcoming step."""
    pending = [v for v in views if v.state in (MilestoneState.OPEN, MilestoneState.UPCOMING)]
    return min(pending, key=lambda v: v.milestone.due, default=None)


def record_milestone(
    trajectory: Trajectory, code: str, done_on: date, by: User, note: str = ""
) -> MilestoneRecord:
    """Record (or correct) when a step happened; one record per trajectory and code."""
    if not tl.is_recordable(code):
        raise ValueError(f"not a recordable milestone: {code!r}")
    record = db.session.scalar(
        select(MilestoneRecord).where(MilestoneRecord.trajectory_id == trajectory.id, MilestoneRecord.code == code)
    )
    if record is None:
        record = MilestoneRecord(trajectory_id=trajectory.id, code=code)
        db.session.add(record)
    if update_keeping_version(record, by.id, done_on=done_on, note=note.strip()) or record.id is None:
        record.recorded_by_id = by.id
    return record


def recordable_choices(trajectory: Trajectory) -> list[tuple[str, str]]:
    """(code, label) of every step that can be recorded for this trajectory, in date order."""
    return [(m.code, tl.record_label(m.code)) for m in milestones_for(trajectory) if tl.is_recordable(m.code)]


# --- pauses ----------------------------------------------------------------------------------

def add_pause(trajectory: Trajectory, start_date: date, end_date: date | None, reason: str, by: User,
              employer_category: str = PauseCategory.OTHER.value) -> Pause:
    """Record a pause; the legal dates of the trajectory do not move. The reason stays internal."""
    pause = Pause(trajectory=trajectory, start_date=start_date, end_date=end_date,
                  reason=reason.strip(), employer_category=PauseCategory(employer_category).value,
                  created_by_id=by.id)
    db.session.add(pause)
    return pause


def end_pause(pause: Pause, end_date: date) -> Pause:
    """Close a running pause."""
    if end_date < pause.start_date:
        raise ValueError("end before start")
    pause.end_date = end_date
    return pause


def overlapping_pause(trajectory: Trajectory, start: date, end: date | None, exclude_id: int | None = None):
    """The first existing pause that overlaps [start, end], or None."""
    for p in trajectory.pauses:
        if p.id == exclude_id:
            continue
        if p.start_date <= (end or date.max) and (p.end_date is None or p.end_date >= start):
            return p
    return None


# --- notifications ---------------------------------------------------------------------------

def notify(
    user: User, kind: str, title: str, body: str = "", url: str = "",
    trajectory_id: int | None = None, dedupe_key: str | None = None,
) -> Notification | None:
    """Add a notification to a user's list; None when this dedupe key is already there."""
    if dedupe_key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    notification = Notification(user_id=user.id, kind=str(kind), title=title[:200], body=body, url=url[:300],
                                trajectory_id=trajectory_id, dedupe_key=dedupe_key)
    db.session.add(notification)
    return notification


def unread_count(user: User) -> int:
    """Unread notifications that still hold (a resolved reminder no longer counts)."""
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None), Notification.resolved_at.is_(None))
    ) or 0


def notifications_page(user: User, before_id: int | None = None, per_page: int = 25):
    """One page of a user's notifications, newest first (keyset: ids below `before_id`)."""
    query = select(Notification).where(Notification.user_id == user.id)
    if before_id:
        query = query.where(Notification.id < before_id)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(per_page + 1)))
    return rows[:per_page], (rows[per_page - 1].id if len(rows) > per_page else None)


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


# --- preferences -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Channels:
    email: bool = True
    portal: bool = True


def preferences_for(user_ids: Iterable[int]) -> dict[int, dict[str, Channels]]:
    """Each user's stored choices per kind (missing kinds mean both channels on)."""
    ids = list(user_ids)
    result: dict[int, dict[str, Channels]] = {uid: {} for uid in ids}
    if ids:
        for row in db.session.scalars(select(ReminderPreference).where(ReminderPreference.user_id.in_(ids))):
            result[row.user_id][row.kind] = Channels(row.email, row.portal)
    return result


def channels(prefs: dict[str, Channels], kind: ReminderKind | str) -> Channels:
    return prefs.get(str(kind), Channels())


def set_preference(user: User, kind: ReminderKind | str, email: bool, portal: bool) -> ReminderPreference:
    """Store a user's choice for one reminder kind."""
    row = db.session.scalar(
        select(ReminderPreference).where(ReminderPreference.user_id == user.id, ReminderPreference.kind == str(kind))
    )
    if row is None:
        row = ReminderPreference(user_id=user.id, kind=str(kind))
        db.session.add(row)
    row.email, row.portal = bool(email), bool(portal)
    return row
