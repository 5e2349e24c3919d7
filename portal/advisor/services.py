"""Advisor contacts and notes: writes, and the grouped reads other features rely on.

Every read that serves many trajectories is one query, whatever the caseload size.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.advisor.models import (
    Appointment,
    AppointmentStatus,
    Note,
    NoteVersion,
    NoteVisibility,
    TrajectoryChange,
)
from portal.auth.models import User
from portal.clock import LOCAL_TZ
from portal.db_types import utcnow
from portal.domain import appointments as rules
from portal.employer_gate import audit_retraction, employer_visible
from portal.extensions import db
from portal.trajectory.models import Trajectory
from portal.versions import update_keeping_version

# A note with visibility "employer" is read by the employer: it passes the employer gate.
SHARED_NOTE = employer_visible("advisor.note", "Notitie gedeeld met de werkgever")

# Who may read which notes, besides the advisors (who read them all).
AUDIENCE_VISIBILITY = {
    "candidate": (NoteVisibility.CANDIDATE.value,),
    "employer": (NoteVisibility.EMPLOYER.value,),
    "advisor": tuple(v.value for v in NoteVisibility),
    "admin": tuple(v.value for v in NoteVisibility),
}


def local_start(day: date) -> datetime:
    """Midnight of a local (Europe/Amsterdam) day, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _held_before(now: datetime):
    # Only appointments marked held and already started count as contact (UWV evidence).
    return (Appointment.status == AppointmentStatus.HELD.value, Appointment.starts_at <= now)


# --- contracts (docs/contributing.md) ---------------------------------------------------

def contact_select(trajectory_ids, since: datetime, before: datetime, now: datetime):
    """(trajectory_id, starts_at) of contacts that took place in [since, before) and before `now`.

    The arguments may be values or bind parameters (`casefile.evidence` prepares it once).
    """
    return select(Appointment.trajectory_id, Appointment.starts_at).where(
        Appointment.trajectory_id.in_(trajectory_ids),
        *_held_before(now),
        Appointment.starts_at >= since,
        Appointment.starts_at < before,
    )


def contact_dates_for(trajectory_ids: Iterable[int], start: date, end: date) -> dict[int, list[date]]:
    """Local dates of contacts that took place in [start, end], per trajectory (one query)."""
    ids = list(trajectory_ids)
    result: dict[int, list[date]] = {tid: [] for tid in ids}
    if not ids:
        return result
    rows = db.session.execute(contact_select(ids, local_start(start), local_start(end + timedelta(days=1)), utcnow()))
    for trajectory_id, starts_at in rows:
        result[trajectory_id].append(local_date(starts_at))
    return result


def last_contact_for(trajectory_ids: Iterable[int], now: datetime | None = None) -> dict[int, date]:
    """The date of the latest contact that took place, per trajectory that had one."""
    ids = list(trajectory_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Appointment.trajectory_id, func.max(Appointment.starts_at))
        .where(Appointment.trajectory_id.in_(ids), *_held_before(now or utcnow()))
        .group_by(Appointment.trajectory_id)
    )
    return {tid: local_date(_aware(moment)) for tid, moment in rows if moment is not None}


def _aware(moment: datetime) -> datetime:
    # Aggregates bypass the column type on SQLite and come back naive (they are UTC).
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def shared_notes(trajectory: Trajectory, audience: str) -> list[Note]:
    """The live notes an audience ("candidate", "employer", "advisor") may read, newest first."""
    visibilities = AUDIENCE_VISIBILITY.get(str(audience), ())
    if not visibilities:
        return []
    return list(
        db.session.scalars(
            select(Note)
            .options(joinedload(Note.author))
            .where(
                Note.trajectory_id == trajectory.id,
                Note.deleted_at.is_(None),
                Note.visibility.in_(visibilities),
            )
            .order_by(Note.created_at.desc(), Note.id.desc())
        )
    )


def latest_employer_note_for(trajectory_ids: Iterable[int]) -> dict[int, Note]:
    """The newest employer-shared note per trajectory that has one (two queries)."""
    ids = list(trajectory_ids)
    if not ids:
        return {}
    live = (Note.trajectory_id.in_(ids), Note.deleted_at.is_(None),
            Note.visibility == NoteVisibility.EMPLOYER.value)
    newest = select(func.max(Note.id)).where(*live).group_by(Note.trajectory_id)
    notes = db.session.scalars(select(Note).where(Note.id.in_(newest)))
    return {note.trajectory_id: note for note in notes}


def contacts_for_overview(trajectory: Trajectory, start: date, end: date) -> list[Appointment]:
    """Contacts that took place in [start, end], oldest first (for overviews and the RIV)."""
    return list(
        db.session.scalars(
            select(Appointment)
            .options(joinedload(Appointment.advisor))
            .where(
                Appointment.trajectory_id == trajectory.id,
                *_held_before(utcnow()),
                Appointment.starts_at >= local_start(start),
                Appointment.starts_at < local_start(end + timedelta(days=1)),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
    )


def upcoming_appointments(trajectory: Trajectory, now: datetime | None = None, limit: int = 10) -> list[Appointment]:
    """Planned appointments from now on, soonest first."""
    return list(
        db.session.scalars(
            select(Appointment)
            .options(joinedload(Appointment.advisor))
            .where(
                Appointment.trajectory_id == trajectory.id,
                Appointment.status == AppointmentStatus.PLANNED.value,
                Appointment.starts_at >= (now or utcnow()),
            )
            .order_by(Appointment.starts_at, Appointment.id)
            .limit(limit)
        )
    )


# --- appointments ------------------------------------------------------------------------

APPOINTMENT_FIELDS = ("kind", "status", "starts_at", "duration_minutes", "location",
                      "goal", "participants", "agreements", "next_step")


def create_appointment(trajectory: Trajectory, advisor: User, **fields) -> Appointment:
    """Plan (or record) a contact; the caller commits."""
    appointment = Appointment(trajectory=trajectory, advisor_id=advisor.id,
                              **{k: v for k, v in fields.items() if k in APPOINTMENT_FIELDS})
    db.session.add(appointment)
    return appointment


def update_appointment(appointment: Appointment, editor: User | None = None, **fields) -> bool:
    """Change an appointment or its report, keeping the previous version; False when nothing changed."""
    return update_keeping_version(appointment, editor.id if editor else None,
                                  **{name: value for name, value in fields.items() if name in APPOINTMENT_FIELDS})


MAX_MINUTES = 480  # the form's longest appointment: an earlier start cannot reach this one


def overlapping_appointments(advisor: User, starts_at: datetime, minutes: int,
                             exclude_id: int | None = None) -> list[Appointment]:
    """The advisor's other planned or held appointments that share time with this one."""
    query = (
        select(Appointment)
        .options(joinedload(Appointment.trajectory).joinedload(Trajectory.candidate))
        .where(Appointment.advisor_id == advisor.id,
               Appointment.status.in_((AppointmentStatus.PLANNED.value, AppointmentStatus.HELD.value)),
               Appointment.starts_at > starts_at - timedelta(minutes=MAX_MINUTES),
               Appointment.starts_at < starts_at + timedelta(minutes=minutes))
        .order_by(Appointment.starts_at, Appointment.id)
    )
    if exclude_id is not None:
        query = query.where(Appointment.id != exclude_id)
    return [a for a in db.session.scalars(query)
            if rules.overlaps(starts_at, minutes, a.starts_at, a.duration_minutes)]


def intake_held(trajectory: Trajectory) -> bool:
    """Whether an intake took place (or is planned) for this trajectory."""
    return db.session.scalar(select(Appointment.id).where(
        Appointment.trajectory_id == trajectory.id, Appointment.kind == rules.INTAKE,
        Appointment.status.in_((AppointmentStatus.PLANNED.value, AppointmentStatus.HELD.value)),
    ).limit(1)) is not None


def appointments_of(trajectory: Trajectory) -> list[Appointment]:
    return list(
        db.session.scalars(
            select(Appointment)
            .options(joinedload(Appointment.advisor))
            .where(Appointment.trajectory_id == trajectory.id)
            .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
        )
    )


def advisor_appointments(advisor: User, since: datetime) -> list[Appointment]:
    """An advisor's own appointments from `since` on (for the calendar export)."""
    return list(
        db.session.scalars(
            select(Appointment)
            .options(joinedload(Appointment.trajectory).joinedload(Trajectory.candidate))
            .where(Appointment.advisor_id == advisor.id, Appointment.starts_at >= since)
            .order_by(Appointment.starts_at, Appointment.id)
        )
    )


# --- notes -------------------------------------------------------------------------------

def add_note(trajectory: Trajectory, author: User, body: str, visibility: str) -> Note:
    """Write a note; the caller commits."""
    now = utcnow()
    note = Note(trajectory=trajectory, author_id=author.id, body=body.strip(),
                visibility=NoteVisibility(visibility).value, created_at=now, updated_at=now)
    db.session.add(note)
    return note


def _keep_version(note: Note, editor: User) -> None:
    note.versions.append(NoteVersion(body=note.body, visibility=note.visibility,
                                     edited_by_id=editor.id, edited_at=utcnow()))


def edit_note(note: Note, editor: User, body: str, visibility: str) -> bool:
    """Change a note, keeping the previous text and visibility; False when nothing changed."""
    body, visibility = body.strip(), NoteVisibility(visibility).value
    if not update_keeping_version(note, editor.id, body=body, visibility=visibility):
        return False
    note.updated_at = utcnow()
    return True


def remove_note(note: Note, editor: User) -> None:
    """Soft delete: the note disappears from every view but stays in the history."""
    _keep_version(note, editor)
    note.deleted_at = utcnow()


def retract_note(note: Note, by: User) -> bool:
    """Withdraw an employer-shared note from the employer's view (kept, audited); False if not shared or done."""
    if note.visibility != NoteVisibility.EMPLOYER.value or note.retracted_at is not None:
        return False
    note.retracted_at, note.retracted_by_id = utcnow(), by.id
    audit_retraction(note.trajectory, SHARED_NOTE, f"notitie van {note.created_at:%d-%m-%Y} ingetrokken")
    return True


def request_retraction(note: Note) -> bool:
    """The candidate asks the advisor to withdraw a note the employer reads; False if nothing to ask."""
    if note.visibility != NoteVisibility.EMPLOYER.value or note.retracted_at or note.retraction_requested_at:
        return False
    note.retraction_requested_at = utcnow()
    return True


def notes_for_advisor(trajectory: Trajectory) -> list[Note]:
    return list(
        db.session.scalars(
            select(Note)
            .options(joinedload(Note.author), selectinload(Note.versions))
            .where(Note.trajectory_id == trajectory.id, Note.deleted_at.is_(None))
            .order_by(Note.created_at.desc(), Note.id.desc())
        )
    )


# --- trajectory data ---------------------------------------------------------------------

# The weekly target is not here: it changes through a plan revision (portal.plan), so the
# weeks before the change keep the target that was agreed for them.
EDITABLE_TRAJECTORY_FIELDS = ("first_sick_day", "spoor2_start", "planned_end")


def update_trajectory_data(trajectory: Trajectory, editor: User, reason: str, **values) -> list[TrajectoryChange]:
    """Apply changed dates/target and record each change with its reason."""
    changes = []
    for name in EDITABLE_TRAJECTORY_FIELDS:
        if name not in values:
            continue
        old, new = getattr(trajectory, name), values[name]
        if old == new:
            continue
        change = TrajectoryChange(trajectory_id=trajectory.id, changed_by_id=editor.id, field=name,
                                  old_value=_text(old), new_value=_text(new), reason=reason.strip())
        setattr(trajectory, name, new)
        db.session.add(change)
        changes.append(change)
    return changes


def _text(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def trajectory_changes(trajectory: Trajectory) -> list[TrajectoryChange]:
    return list(
        db.session.scalars(
            select(TrajectoryChange)
            .options(joinedload(TrajectoryChange.changed_by))
            .where(TrajectoryChange.trajectory_id == trajectory.id)
            .order_by(TrajectoryChange.changed_at.desc(), TrajectoryChange.id.desc())
        )
    )
