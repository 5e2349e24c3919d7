"""Reminder generation: who should be reminded of what today, each reminder exactly once.

Every reminder carries a dedupe key (kind, subject, period), and both the notification
and the outbox mail are stored under that key, so running the generator twice on the same
day, or every hour, adds nothing the second time. Delivery goes through the one
notification service (portal.timeline.events); reminders that no longer hold are
resolved there (`settle`), on every run and whenever the candidate's diary changes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import User
from portal.casefile.evidence import load_evidence_many
from portal.diary.services import due_follow_ups_for, stale_applications_for, stale_days
from portal.domain import timeline as tl
from portal.domain.reporting import DueState
from portal.domain.weeks import Week
from portal.extensions import db
from portal.progress_reports.services import covered_until, due_for
from portal.timeline import events
from portal.timeline.events import Message as Reminder
from portal.timeline.models import ReminderKind
from portal.timeline.services import milestone_overview, recorded_milestones_for
from portal.trajectory.models import Trajectory, TrajectoryStatus

log = logging.getLogger("portal.reminders")

FOLLOW_UP_LOOKBACK_DAYS = 7  # an overdue follow-up is still reminded for a week
ASSIGNMENT_WITHIN_DAYS = 2
NUDGE_FROM_WEEKDAY = 3  # Thursday: time left to catch up this week
DIGEST_MILESTONE_DAYS = 14
NO_ACTIVITY_WEEKS = 2


@dataclass
class GenerationResult:
    notifications: int = 0
    mails: int = 0
    resolved: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def active_trajectories() -> list[Trajectory]:
    """Trajectories that get reminders (active, not paused), people loaded in one go."""
    return list(db.session.scalars(
        select(Trajectory)
        .where(Trajectory.status == TrajectoryStatus.ACTIVE)
        .options(joinedload(Trajectory.candidate), selectinload(Trajectory.advisors),
                 selectinload(Trajectory.pauses))
        .order_by(Trajectory.id)
    ))


def _paused_today(trajectory: Trajectory, today: date) -> bool:
    return any(p.contains(today) for p in trajectory.pause_periods)


# --- sources (each one small function) -------------------------------------------------------

def due_follow_ups(trajectory_ids: list[int], today: date) -> dict[int, list]:
    """Diary entries whose follow-up date has come, within the look-back window.

    The diary's service also lists the rest of this week (for the home page); a reminder
    only fires once the date is here.
    """
    oldest = today - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS)
    return {
        tid: [e for e in entries if oldest <= e.follow_up_on <= today]
        for tid, entries in due_follow_ups_for(trajectory_ids, today).items()
    }


def due_assignments(trajectory: Trajectory, today: date) -> list:
    """Assignments due soon (the learning feature's contract)."""
    from portal.learning.services import due_assignments as learning_due

    return list(learning_due(trajectory, today, ASSIGNMENT_WITHIN_DAYS))


# --- generators ------------------------------------------------------------------------------

def follow_up_reminders(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    by_id = {t.id: t for t in trajectories}
    for trajectory_id, entries in due_follow_ups(list(by_id), today).items():
        trajectory = by_id[trajectory_id]
        for entry in entries:
            if entry.follow_up_on is None or entry.follow_up_on < today - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS):
                continue
            what = " bij ".join(x for x in (entry.position, entry.organisation) if x) or "een sollicitatie"
            yield Reminder(
                trajectory.candidate, ReminderKind.FOLLOW_UP_DUE,
                f"follow_up:{entry.id}:{entry.follow_up_on.isoformat()}",
                f"Opvolgen: {what}"[:200],
                [f"Je wilde je sollicitatie voor {what} opvolgen op {_d(entry.follow_up_on)}.",
                 "Bel of mail de organisatie en leg het resultaat vast in je dagboek."],
                f"/trajecten/{trajectory.id}/dagboek/{Week.of(entry.entry_date).key}", trajectory.id,
            )


def assignment_reminders(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    for trajectory in trajectories:
        for item in due_assignments(trajectory, today):
            path = getattr(item, "url", "") or "/leren"
            yield Reminder(
                trajectory.candidate, ReminderKind.ASSIGNMENT_DUE,
                f"assignment:{trajectory.id}:{path}:{item.due_on.isoformat()}",
                f"Werkopdracht: {item.title}"[:200],
                [f"De werkopdracht '{item.title}' moet uiterlijk {_d(item.due_on)} klaar zijn."],
                path, trajectory.id,
            )


def weekly_nudges(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    if today.weekday() < NUDGE_FROM_WEEKDAY or not trajectories:
        return
    week = Week.of(today)
    started = [t for t in trajectories if t.spoor2_start <= today]
    evidence = load_evidence_many(started, week.monday, week.sunday, today)
    for trajectory in started:
        row = next((w for w in evidence[trajectory.id].weeks if w.week == week), None)
        if row is None or row.paused or row.target <= 0 or row.applications >= row.target:
            continue
        missing = row.target - row.applications
        yield Reminder(
            trajectory.candidate, ReminderKind.WEEKLY_NUDGE, f"nudge:{trajectory.id}:{week.key}",
            f"Nog {missing} sollicitatie{'s' if missing != 1 else ''} deze week",
            [f"Je doel is {row.target} sollicitatie{'s' if row.target != 1 else ''} per week; "
             f"deze week staan er {row.applications} in je dagboek.",
             "Lukt het niet? Schrijf dan in je dagboek waarom: dan weet je adviseur het."],
            f"/trajecten/{trajectory.id}/dagboek/{week.key}", trajectory.id,
        )


def stale_application_reminders(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    """Applications without news for STALE_APPLICATION_DAYS: asked once per quiet spell."""
    days = stale_days()
    by_id = {t.id: t for t in trajectories}
    for trajectory_id, stale in stale_applications_for(list(by_id), today, days).items():
        trajectory = by_id[trajectory_id]
        for entry, since in stale:
            what = " bij ".join(x for x in (entry.position, entry.organisation) if x) or "een sollicitatie"
            yield Reminder(
                trajectory.candidate, ReminderKind.STALE_APPLICATION,
                f"stale:{entry.id}:{since.isoformat()}",
                f"Al reactie gehad? {what}"[:200],
                [f"Je sollicitatie voor {what} staat sinds {_d(since)} op '{entry.status_label}'.",
                 "Vraag na hoe het ervoor staat, of leg de uitkomst vast: geen reactie, afgewezen of een gesprek."],
                f"/trajecten/{trajectory.id}/dagboek/{Week.of(entry.entry_date).key}", trajectory.id,
            )


def advisor_digests(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    """One digest per advisor per ISO week: low weeks, silence, milestones close by."""
    if not trajectories:
        return
    week = Week.of(today)
    first_week = week
    for _ in range(NO_ACTIVITY_WEEKS):
        first_week = first_week.previous()
    evidence = load_evidence_many(trajectories, first_week.monday, week.sunday, today)
    records = recorded_milestones_for([t.id for t in trajectories])
    by_advisor: dict[int, tuple[User, list[str]]] = {}
    for trajectory in trajectories:
        items = _attention_items(trajectory, evidence[trajectory.id], records[trajectory.id], today, week)
        for advisor in trajectory.advisors:
            if items:
                by_advisor.setdefault(advisor.id, (advisor, []))[1].extend(items)
    for advisor, lines in by_advisor.values():
        yield Reminder(
            advisor, ReminderKind.ADVISOR_DIGEST, f"digest:{advisor.id}:{week.key}",
            f"Weekoverzicht {week.key}: {len(lines)} punt{'en' if len(lines) != 1 else ''} voor aandacht",
            lines, "/trajecten",
        )


def report_reminders(trajectories: list[Trajectory], today: date) -> Iterator[Reminder]:
    """Each advisor of a trajectory whose progress report is due within a week or overdue,
    once per due date (and once more when it becomes overdue)."""
    covered = covered_until([t.id for t in trajectories])
    for trajectory in trajectories:
        due = due_for(trajectory, covered.get(trajectory.id), today)
        if due is None or not due.needs_attention:
            continue
        late = due.state == DueState.OVERDUE
        title = (f"Voortgangsrapportage {trajectory.candidate.name} is te laat" if late
                 else f"Voortgangsrapportage {trajectory.candidate.name} nodig op {_d(due.due_on)}")
        lines = [f"De evaluatie van het plan van aanpak valt op {_d(due.due_on)}.",
                 "Maak de rapportage: de cijfers vullen zich vanzelf, jij schrijft de teksten."]
        for advisor in trajectory.advisors:
            yield Reminder(advisor, ReminderKind.REPORT_DUE,
                           f"report_due:{trajectory.id}:{due.due_on.isoformat()}:{due.state}:{advisor.id}",
                           title, lines, f"/trajecten/{trajectory.id}/rapportages", trajectory.id)


def _attention_items(trajectory, evidence, records, today, week) -> list[str]:
    name = trajectory.candidate.name
    items = []
    last = next(iter(evidence.last_weeks(today, 1)), None)
    if last and last.week == week.previous() and last.target_met is False \
            and trajectory.spoor2_start <= last.week.monday:
        items.append(f"{name}: vorige week {last.applications} van {last.target} sollicitaties.")
    # The caseload's own count of quiet weeks (paused weeks skipped, never before spoor 2).
    if evidence.weeks_without_activity() >= 2:
        items.append(f"{name}: al twee weken of langer geen activiteiten in het dagboek.")
    horizon = today + timedelta(days=DIGEST_MILESTONE_DAYS)
    for view in milestone_overview(trajectory, today, tl.Audience.ADVISOR, records=records):
        if view.done_on is None and today <= view.milestone.due <= horizon and view.milestone.code not in tl.INFORMATIONAL:
            items.append(f"{name}: {view.label} uiterlijk {_d(view.milestone.due)}.")
    return items


def _d(day: date) -> str:
    from portal.core.templating import date_nl

    return date_nl(day)


# --- dispatch --------------------------------------------------------------------------------

def _for_candidates(trajectories: list[Trajectory], today: date) -> list[Trajectory]:
    return [t for t in trajectories if not _paused_today(t, today) and t.candidate.active]


def candidate_reminders(trajectories: list[Trajectory], today: date) -> list[Reminder]:
    """Every candidate reminder that holds today for these (unpaused) trajectories."""
    return [
        *follow_up_reminders(trajectories, today),
        *assignment_reminders(trajectories, today),
        *weekly_nudges(trajectories, today),
        *stale_application_reminders(trajectories, today),
    ]


def generate_reminders(today: date) -> GenerationResult:
    """Create today's due reminders as notifications and outbox mail; the caller commits."""
    trajectories = active_trajectories()
    for_candidates = _for_candidates(trajectories, today)
    for_candidates_now = candidate_reminders(for_candidates, today)
    reminders = [*for_candidates_now, *advisor_digests(trajectories, today), *report_reminders(trajectories, today)]
    result = GenerationResult(resolved=events.settle([t.id for t in trajectories], for_candidates_now))
    delivered = events.deliver(reminders)
    result.notifications, result.mails, result.by_kind = delivered.notifications, delivered.mails, delivered.by_kind
    log.info("reminders for %s: %s notification(s), %s mail(s), %s resolved", today, result.notifications,
             result.mails, result.resolved)
    return result


def refresh_for(trajectory: Trajectory, today: date) -> int:
    """Resolve or update the trajectory's open reminders after its data changed (adds none)."""
    running = [trajectory] if trajectory.status == TrajectoryStatus.ACTIVE else []
    holding = candidate_reminders(_for_candidates(running, today), today)
    return events.settle([trajectory.id], holding)
