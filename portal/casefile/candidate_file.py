"""The candidate file: one timeline that merges diary, assignments, contacts and notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import url_for
from sqlalchemy import select

from portal.advisor.models import Appointment, Note
from portal.advisor.services import local_start
from portal.clock import LOCAL_TZ
from portal.diary.models import DiaryEntry
from portal.diary.services import positive_applications_for, stale_applications_for, stale_days, status_histories
from portal.domain import dates
from portal.domain.activities import POSITIVE_STATUSES, ActivityKind, funnel, is_application_activity
from portal.domain.evidence import Evidence
from portal.domain.weeks import Week
from portal.extensions import db
from portal.trajectory.models import Trajectory

PAGE_WEEKS = 8


@dataclass
class TimelineItem:
    when: datetime
    kind: str  # application | activity | assignment | appointment | note | phase | placement | checkin
    label: str
    detail: str = ""
    url: str | None = None
    badge: str = ""

    @property
    def day(self) -> date:
        return self.when.astimezone(LOCAL_TZ).date()


def _at_noon(day: date) -> datetime:
    # Diary entries carry a date only; noon keeps them inside that local day.
    return datetime.combine(day, time(12), tzinfo=LOCAL_TZ)


def _kind_label(kind: str) -> str:
    try:
        return ActivityKind(kind).label
    except ValueError:
        return kind


def file_timeline(trajectory: Trajectory, start: date, end: date) -> list[TimelineItem]:
    """Everything that happened in [start, end], newest first (one query per source)."""
    items: list[TimelineItem] = []
    entries = db.session.scalars(
        select(DiaryEntry).where(
            DiaryEntry.trajectory_id == trajectory.id, DiaryEntry.deleted_at.is_(None),
            DiaryEntry.entry_date >= start, DiaryEntry.entry_date <= end,
        )
    )
    for entry in entries:
        week_url = url_for("diary.week", trajectory_id=trajectory.id, week=Week.of(entry.entry_date).key)
        what = " · ".join(p for p in (entry.position, entry.organisation, entry.place) if p)
        items.append(TimelineItem(
            _at_noon(entry.entry_date),
            "application" if is_application_activity(entry.kind) else "activity",
            _kind_label(entry.kind), what, week_url,
        ))
    lower, upper = local_start(start), local_start(end + timedelta(days=1))
    for appointment in db.session.scalars(
        select(Appointment).where(Appointment.trajectory_id == trajectory.id,
                                  Appointment.starts_at >= lower, Appointment.starts_at < upper)
    ):
        items.append(TimelineItem(
            appointment.starts_at, "appointment", appointment.kind_label,
            appointment.agreements or appointment.goal,
            url_for("advisor.edit_appointment", appointment_id=appointment.id), appointment.status_label,
        ))
    for note in db.session.scalars(
        select(Note).where(Note.trajectory_id == trajectory.id, Note.deleted_at.is_(None),
                           Note.created_at >= lower, Note.created_at < upper)
    ):
        items.append(TimelineItem(
            note.created_at, "note", "Notitie", note.body,
            url_for("advisor.edit_note", note_id=note.id), note.visibility_label,
        ))
    items.extend(_assignment_items(trajectory, lower, upper))
    items.extend(_plan_items(trajectory, start, end))
    return sorted(items, key=lambda i: i.when, reverse=True)


def _assignment_items(trajectory: Trajectory, lower: datetime, upper: datetime) -> list[TimelineItem]:
    from portal.learning import services as learning

    if not hasattr(learning, "timeline_items"):
        return []
    result = []
    for when, label, url in learning.timeline_items(trajectory):
        moment = when if isinstance(when, datetime) else _at_noon(when)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if lower <= moment < upper:
            result.append(TimelineItem(moment, "assignment", label, "", url))
    return result


def _plan_items(trajectory: Trajectory, start: date, end: date) -> list[TimelineItem]:
    """Phase changes, placement and aftercare check-ins (from the plan feature), dated."""
    from portal.plan.casework import timeline_events

    plan_url = url_for("plan.show", trajectory_id=trajectory.id)
    return [
        TimelineItem(_at_noon(event.on), event.kind, event.label, event.detail, plan_url)
        for event in timeline_events(trajectory, "advisor") if start <= event.on <= end
    ]


def window(before: str | None, today: date) -> tuple[date, date]:
    """The timeline page ending on `before` (YYYY-MM-DD) or today; bad input means today, far-off dates clamp."""
    end = today
    if before:
        try:
            end = min(date.fromisoformat(before[:10]), today)
        except ValueError:
            end = today
    end = dates.window(dates.DateKind.QUERY, today).clamp(end)  # ?tot=0001-01-01 pages from the window's start
    return end - timedelta(weeks=PAGE_WEEKS) + timedelta(days=1), end


def unreviewed_weeks(evidence: Evidence) -> list:
    """Finished, unpaused weeks the advisor has not judged yet, newest first."""
    return [w for w in reversed(evidence.weeks) if w.complete and not w.paused and w.judgement is None]


@dataclass(frozen=True)
class Pipeline:
    """The applications' funnel (sent -> interview -> offer), the good news and what waits for news."""

    stages: list[tuple[str, int]]
    good_news: list[tuple[DiaryEntry, date, str]]  # entry, since, next step
    stale: list[tuple[DiaryEntry, date]]


def pipeline(trajectory: Trajectory, today: date) -> Pipeline:
    """The candidate file's pipeline section (three queries)."""
    news = [(e, since, POSITIVE_STATUSES[e.status]) for e, since in positive_applications_for([trajectory.id])[trajectory.id]]
    return Pipeline(funnel(status_histories(trajectory)), news,
                    stale_applications_for([trajectory.id], today, stale_days())[trajectory.id])
