"""Diary writes and reads: entries with their history, week reviews, reasons, follow-ups.

Every write records who did it and what changed; the caller (a view, the importer, the
demo seeder) commits. A reviewed week is locked: its entries take only addenda and
pipeline moves (a status change is a new, dated event, not a rewrite of the week).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from markupsafe import escape
from sqlalchemy import Date, Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload, undefer
from sqlalchemy.orm.attributes import set_committed_value

from portal.auth.models import User
from portal.db_types import utcnow
from portal.diary.models import (
    Addendum,
    Attachment,
    DiaryEntry,
    EntryRevision,
    StatusChange,
    WeekReason,
    WeekReasonHistory,
    WeekReview,
    WeekReviewHistory,
)
from portal.domain.activities import (
    APPLICATION_KINDS,
    AWAITING_NEWS,
    FINAL_STATUS_VALUES,
    NETWORKING_FROM_APPLICATION_STATUS,
    POSITIVE_STATUSES,
    ApplicationStatus,
    default_status,
    is_networking_kind,
    outcomes_for,
    positive_rank,
    status_fits_kind,
)
from portal.domain.evidence import NOT_EVIDENCE_STATUSES, ActivityFact, WeekJudgement
from portal.domain.weeks import Week
from portal.extensions import db
from portal.sanitize import clean_html, text_lines
from portal.trajectory.models import Trajectory

# The fields a person edits; the history diff covers exactly these.
EDITABLE_FIELDS = (
    "entry_date", "kind", "organisation", "place", "position", "contact_person", "channel",
    "method", "fits_capacity", "external_url", "status", "follow_up_on", "notes_html", "outside_reason",
)
ATTACHMENT_FOLDER = "diary/{trajectory_id}"


class DiaryError(ValueError):
    """A refused diary change; the message is Dutch and shown to the person."""


class WeekLocked(DiaryError):
    def __init__(self, week: Week):
        super().__init__(
            f"Week {week.iso[1]} is al beoordeeld door je adviseur. Voeg een aanvulling toe in plaats van te wijzigen."
        )
        self.week = week


class AttachmentLocked(DiaryError):
    """A reviewed week takes no new attachments; an addendum says what the file would show."""

    def __init__(self, week: Week):
        super().__init__(
            f"Week {week.iso[1]} is al beoordeeld door je adviseur: er kunnen geen bijlagen meer bij. "
            "Voeg een aanvulling toe en beschrijf daarin wat je wilde bewaren."
        )
        self.week = week


def _json_value(value):
    """A value as it is kept in the history (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def _blank_none(value):
    return None if value == "" else value


def notes_html_from_text(text: str | None) -> str:
    """Typed notes (plain lines) as the stored HTML: one escaped paragraph per non-empty line."""
    from markupsafe import escape

    lines = (line.strip() for line in (text or "").splitlines())
    return clean_html("".join(f"<p>{escape(line)}</p>" for line in lines if line))


def notes_text(html: str | None) -> str:
    """Stored notes as the plain lines that were typed (textarea, CSV, history, search)."""
    return text_lines(html)


def _same_value(name: str, old, new) -> bool:
    if name == "notes_html":
        # Compare what a person reads: the same text saved again is no change,
        # even when older rows were stored with a different (equivalent) escaping.
        return notes_text(old) == notes_text(new)
    return _blank_none(old) == _blank_none(new)


WRONG_STATUS = "Deze status past niet bij de soort activiteit. Kies een uitkomst uit de lijst."
FUTURE_NEEDS_PLANNED = "Een datum in de toekomst kan alleen met de status ‘Gepland’. Kies een andere datum of zet de status op ‘Gepland’."


def fitting_status(kind: str, status: str | None) -> str:
    """The status to store: the default when empty; a networking entry given an application
    status (older callers, older files) gets the outcome migration 0022 would give it."""
    status = status or default_status(kind)
    if is_networking_kind(kind) and not status_fits_kind(kind, status):
        status = NETWORKING_FROM_APPLICATION_STATUS.get(status, status)
    if not status_fits_kind(kind, status):
        raise DiaryError(WRONG_STATUS)
    return status


def future_date_problem(entry_date: date | None, status: str | None, today: date) -> str | None:
    """Only a planned activity may lie in the future: it has not happened yet."""
    if entry_date and entry_date > today and status != ApplicationStatus.PLANNED.value:
        return FUTURE_NEEDS_PLANNED
    return None


# --- weeks: reviews, locks, reasons ------------------------------------------------------

def week_review(trajectory: Trajectory, week: Week) -> WeekReview | None:
    return db.session.scalar(
        select(WeekReview).where(WeekReview.trajectory_id == trajectory.id, WeekReview.week_monday == week.monday)
    )


def is_week_locked(trajectory: Trajectory, week: Week) -> bool:
    """True once an advisor reviewed the week: its entries are read-only from then on."""
    return week_review(trajectory, week) is not None


def locked_weeks(trajectory: Trajectory, weeks: Iterable[Week] | None = None) -> set[Week]:
    """The reviewed weeks of a trajectory (optionally only among `weeks`), in one query."""
    query = select(WeekReview.week_monday).where(WeekReview.trajectory_id == trajectory.id)
    if weeks is not None:
        mondays = [w.monday for w in weeks]
        if not mondays:
            return set()
        query = query.where(WeekReview.week_monday.in_(mondays))
    return {Week(monday) for monday in db.session.scalars(query)}


def review_week(
    trajectory: Trajectory, week: Week, reviewer: User, sufficient: bool, reason: str = ""
) -> WeekReview:
    """Record the advisor's judgement of a week; a new judgement is appended, the newest counts."""
    reason = (reason or "").strip()
    if not sufficient and not reason:
        raise DiaryError("Geef een reden als de week onvoldoende is.")
    review = week_review(trajectory, week)
    if review is None:
        review = WeekReview(trajectory_id=trajectory.id, week_monday=week.monday)
        db.session.add(review)
    review.reviewer_id = reviewer.id
    review.sufficient = sufficient
    review.reason = reason
    review.reviewed_at = utcnow()
    db.session.add(WeekReviewHistory(trajectory_id=trajectory.id, week_monday=week.monday, reviewer_id=reviewer.id,
                                     sufficient=sufficient, reason=reason, reviewed_at=review.reviewed_at))
    db.session.flush()
    return review


def week_reason(trajectory: Trajectory, week: Week) -> WeekReason | None:
    return db.session.scalar(
        select(WeekReason).where(WeekReason.trajectory_id == trajectory.id, WeekReason.week_monday == week.monday)
    )


def set_week_reason(trajectory: Trajectory, week: Week, author: User, reason: str) -> WeekReason | None:
    """The candidate's explanation of a low week; an empty text withdraws it (until reviewed).

    Every text is appended to the week's reason history, so nothing said is ever lost.
    """
    if is_week_locked(trajectory, week):
        raise WeekLocked(week)
    row = week_reason(trajectory, week)
    reason = (reason or "").strip()
    if (row.reason if row is not None else "") == reason:
        return row if reason else None
    db.session.add(WeekReasonHistory(trajectory_id=trajectory.id, week_monday=week.monday, reason=reason,
                                     author_id=author.id))
    if not reason:
        if row is not None:
            db.session.delete(row)  # the current reason only: its texts stay in the history
        return None
    if row is None:
        row = WeekReason(trajectory_id=trajectory.id, week_monday=week.monday, reason=reason)
        db.session.add(row)
    row.reason = reason
    row.author_id = author.id
    db.session.flush()
    return row


def review_history(trajectory: Trajectory, week: Week) -> list[WeekReviewHistory]:
    """Every judgement of the week, newest first (the first one is what counts)."""
    return list(db.session.scalars(
        select(WeekReviewHistory).options(joinedload(WeekReviewHistory.reviewer))
        .where(WeekReviewHistory.trajectory_id == trajectory.id, WeekReviewHistory.week_monday == week.monday)
        .order_by(WeekReviewHistory.reviewed_at.desc(), WeekReviewHistory.id.desc())
    ))


def reason_history(trajectory: Trajectory, week: Week) -> list[WeekReasonHistory]:
    """Every reason text given for the week, newest first (empty: withdrawn)."""
    return list(db.session.scalars(
        select(WeekReasonHistory)
        .where(WeekReasonHistory.trajectory_id == trajectory.id, WeekReasonHistory.week_monday == week.monday)
        .order_by(WeekReasonHistory.written_at.desc(), WeekReasonHistory.id.desc())
    ))


def judgement_changes_for(trajectory_id: int) -> dict[Week, list[WeekReviewHistory]]:
    """Per week, the judgements before the newest one (only weeks whose judgement changed)."""
    rows = db.session.scalars(
        select(WeekReviewHistory).where(WeekReviewHistory.trajectory_id == trajectory_id)
        .order_by(WeekReviewHistory.week_monday, WeekReviewHistory.reviewed_at, WeekReviewHistory.id)
    )
    by_week: dict[Week, list[WeekReviewHistory]] = {}
    for row in rows:
        by_week.setdefault(Week(row.week_monday), []).append(row)
    return {week: rows[:-1] for week, rows in by_week.items() if len(rows) > 1}


# --- entries --------------------------------------------------------------------------

def _record(entry: DiaryEntry, author: User | None, action: str, changes: dict | None = None) -> EntryRevision:
    revision = EntryRevision(entry=entry, author_id=author.id if author else None, action=action, changes=changes or {})
    db.session.add(revision)
    return revision


def _record_status(entry: DiaryEntry, author: User | None, old: str, new: str, on: date) -> StatusChange:
    change = StatusChange(
        entry=entry, from_status=old or "", to_status=new, changed_on=on, author_id=author.id if author else None
    )
    db.session.add(change)
    return change


def create_entry(trajectory: Trajectory, author: User, **fields) -> DiaryEntry:
    """Add a diary entry to a trajectory, with its first revision and status; the caller commits."""
    if "notes_html" in fields:
        fields["notes_html"] = clean_html(fields["notes_html"])
    status_on = fields.pop("status_on", None)
    entry = DiaryEntry(trajectory=trajectory, author_id=author.id, **fields)
    entry.status = fitting_status(entry.kind, entry.status)
    db.session.add(entry)
    _record(entry, author, "created", {
        name: [None, _json_value(getattr(entry, name))]
        for name in EDITABLE_FIELDS if getattr(entry, name, None) not in (None, "")
    })
    _record_status(entry, author, "", entry.status, status_on or entry.entry_date)
    return entry


def add_entry(trajectory: Trajectory, author: User, **fields) -> DiaryEntry:
    """Like create_entry, but refuses a date in a reviewed week (what forms and imports use)."""
    if is_week_locked(trajectory, Week.of(fields["entry_date"])):
        raise WeekLocked(Week.of(fields["entry_date"]))
    return create_entry(trajectory, author, **fields)


def entry_locked(entry: DiaryEntry) -> bool:
    return is_week_locked(entry.trajectory, entry.week)


def update_entry(entry: DiaryEntry, author: User, today: date | None = None, **fields) -> dict:
    """Change an entry's fields; returns the diff {field: [old, new]} kept in its history."""
    if entry.is_deleted:
        raise DiaryError("Deze activiteit is verwijderd.")
    if entry_locked(entry):
        raise WeekLocked(entry.week)
    if "entry_date" in fields and is_week_locked(entry.trajectory, Week.of(fields["entry_date"])):
        raise WeekLocked(Week.of(fields["entry_date"]))
    if "notes_html" in fields:
        fields["notes_html"] = clean_html(fields["notes_html"])
    if not status_fits_kind(fields.get("kind", entry.kind), fields.get("status", entry.status)):
        raise DiaryError(WRONG_STATUS)
    changes = {}
    for name, new in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        old = getattr(entry, name)
        if not _same_value(name, old, new):
            changes[name] = [_json_value(old), _json_value(new)]
            setattr(entry, name, new)
    if not changes:
        return {}
    _record(entry, author, "edited", changes)
    if "status" in changes:
        _record_status(entry, author, changes["status"][0], entry.status, today or date.today())
    return changes


def move_entry(entry: DiaryEntry, author: User, status: str, on: date) -> StatusChange | None:
    """Move an application to another status on a date; allowed in reviewed weeks too."""
    if entry.is_deleted:
        raise DiaryError("Deze activiteit is verwijderd.")
    status = outcomes_for(entry.kind)(status).value
    if status == entry.status:
        return None
    if on < entry.entry_date:
        raise DiaryError("De datum van de nieuwe status ligt vóór de datum van de activiteit.")
    old = entry.status
    entry.status = status
    _record(entry, author, "status", {"status": [old, status], "changed_on": [None, on.isoformat()]})
    return _record_status(entry, author, old, status, on)


def delete_entry(entry: DiaryEntry, author: User) -> None:
    """Soft delete: hidden from the candidate and the counts, still visible to the advisor."""
    if entry.is_deleted:
        return
    if entry_locked(entry):
        raise WeekLocked(entry.week)
    entry.deleted_at = utcnow()
    _record(entry, author, "deleted")


def restore_entry(entry: DiaryEntry, author: User) -> None:
    """Undo a soft delete."""
    if not entry.is_deleted:
        return
    entry.deleted_at = None
    _record(entry, author, "restored")


def add_addendum(entry: DiaryEntry, author: User, text: str) -> Addendum:
    """A correction beside the original entry (the only change a reviewed week takes)."""
    text = (text or "").strip()
    if not text:
        raise DiaryError("Schrijf wat je wilt aanvullen of corrigeren.")
    addendum = Addendum(entry=entry, author_id=author.id, text=text)
    db.session.add(addendum)
    _record(entry, author, "addendum", {"addendum": [None, text]})
    return addendum


def add_attachment(entry: DiaryEntry, author: User, upload) -> Attachment:
    """Store a file with an entry (type checked by content); raises UploadError."""
    from portal.uploads import save_upload

    if entry.is_deleted:
        raise DiaryError("Deze activiteit is verwijderd.")
    if entry_locked(entry):  # checked before the file is stored: a reviewed week takes no new evidence
        raise AttachmentLocked(entry.week)
    stored = save_upload(upload, ATTACHMENT_FOLDER.format(trajectory_id=entry.trajectory_id))
    attachment = Attachment(
        entry=entry, folder=stored.folder, stored_name=stored.stored_name, original_name=stored.original_name,
        content_type=stored.content_type, size=stored.size, sha256=stored.sha256, uploaded_by_id=author.id,
    )
    db.session.add(attachment)
    _record(entry, author, "attached", {"bijlage": [None, stored.original_name]})
    return attachment


def remove_attachment(attachment: Attachment, author: User) -> None:
    """Soft delete: the file is kept for the history but no longer shown or served."""
    entry = attachment.entry
    if entry.is_deleted:
        raise DiaryError("Deze activiteit is verwijderd.")
    if entry_locked(entry):
        raise WeekLocked(entry.week)
    if attachment.deleted_at is not None:
        return
    attachment.deleted_at = utcnow()
    _record(entry, author, "detached", {"bijlage": [attachment.original_name, None]})


def last_used(trajectory: Trajectory, kind: str | None = None) -> dict:
    """Channel and method of the latest entry of the same kind, as defaults for the next one.

    Without a kind there is no default: a channel or method taken from another kind of
    activity would misstate what happened (a letter saved as an open application).
    """
    if not kind:
        return {}
    row = db.session.execute(
        select(DiaryEntry.channel, DiaryEntry.method)
        .where(DiaryEntry.trajectory_id == trajectory.id, DiaryEntry.deleted_at.is_(None),
               DiaryEntry.kind == kind)
        .order_by(DiaryEntry.created_at.desc(), DiaryEntry.id.desc())
        .limit(1)
    ).first()
    return {"channel": row.channel or "", "method": row.method or ""} if row else {}


# --- reads ----------------------------------------------------------------------------

def _with_details(query, full: bool):
    if not full:  # a list shows how many addenda and files an entry has, nothing more
        return query.options(undefer(DiaryEntry.addenda_count), undefer(DiaryEntry.live_attachment_count))
    return query.options(
        selectinload(DiaryEntry.addenda),
        selectinload(DiaryEntry.attachments),
        selectinload(DiaryEntry.status_changes),
        joinedload(DiaryEntry.author),
    )


def count_entries(trajectory: Trajectory, start: date | None = None, end: date | None = None) -> int:
    """How many live entries a trajectory has (in a period): what an export would hold."""
    query = select(func.count(DiaryEntry.id)).where(DiaryEntry.trajectory_id == trajectory.id,
                                                     DiaryEntry.deleted_at.is_(None))
    if start is not None:
        query = query.where(DiaryEntry.entry_date >= start)
    if end is not None:
        query = query.where(DiaryEntry.entry_date <= end)
    return db.session.scalar(query) or 0


def search_entries(
    trajectory: Trajectory,
    *,
    start: date | None = None,
    end: date | None = None,
    kind: str = "",
    status: str = "",
    text: str = "",
    include_deleted: bool = False,
    applications_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
    full: bool = False,
) -> list[DiaryEntry]:
    """Entries of one trajectory, newest first, filtered as the list and board need.

    `full` also loads each entry's addenda, files, status steps and author (exports);
    without it an entry carries only the number of its addenda and files (lists).
    """
    values = {"trajectory_id": trajectory.id, "start": start, "end": end, "kind": kind, "status": status,
              "limit": limit, "offset": offset}
    if text:
        values["pattern"] = _like_pattern(text)
        # Notes are stored as escaped HTML: look for the escaped form of the text there.
        values["notes_pattern"] = _like_pattern(str(escape(text)))
    used = frozenset(name for name, value in values.items() if value)
    if not include_deleted:
        used |= {"live"}
    if applications_only:
        used |= {"applications"}
    entries = list(db.session.scalars(_entries_query(used, full), {k: v for k, v in values.items() if k in used}))
    for entry in entries:
        # Every entry is this trajectory's: say so instead of letting each one look it up
        # through its lazy relationship (the lists ask each entry whether it counts).
        set_committed_value(entry, "trajectory", trajectory)
    return entries


@cache
def _entries_query(used: frozenset[str], full: bool) -> Select:
    """The SELECT of `search_entries` for one combination of filters, built once.

    The diary pages ask with a handful of combinations; each is built (and given its cache
    key by SQLAlchemy) once per process instead of on every request.
    """
    query = select(DiaryEntry).where(DiaryEntry.trajectory_id == bindparam("trajectory_id"))
    if "live" in used:
        query = query.where(DiaryEntry.deleted_at.is_(None))
    if "start" in used:
        query = query.where(DiaryEntry.entry_date >= bindparam("start", type_=Date))
    if "end" in used:
        query = query.where(DiaryEntry.entry_date <= bindparam("end", type_=Date))
    if "kind" in used:
        query = query.where(DiaryEntry.kind == bindparam("kind"))
    if "applications" in used:
        query = query.where(DiaryEntry.kind.in_([k.value for k in APPLICATION_KINDS]))
    if "status" in used:
        query = query.where(DiaryEntry.status == bindparam("status"))
    if "pattern" in used:
        query = query.where(or_(
            *(func.lower(column).like(bindparam("pattern"), escape="\\")
              for column in (DiaryEntry.organisation, DiaryEntry.position, DiaryEntry.place,
                             DiaryEntry.contact_person)),
            func.lower(DiaryEntry.notes_html).like(bindparam("notes_pattern"), escape="\\"),
        ))
    query = _with_details(query, full).order_by(DiaryEntry.entry_date.desc(), DiaryEntry.id.desc())
    if "offset" in used:
        query = query.offset(bindparam("offset", type_=Integer))
    if "limit" in used:
        query = query.limit(bindparam("limit", type_=Integer))
    return query


def _like_pattern(text: str) -> str:
    """A case-insensitive 'contains' pattern; % and _ typed by a person are literal."""
    literal = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"


def date_span(trajectory: Trajectory) -> tuple[date | None, date | None]:
    """The first and last entry date of a trajectory (not deleted)."""
    row = db.session.execute(
        select(func.min(DiaryEntry.entry_date), func.max(DiaryEntry.entry_date)).where(
            DiaryEntry.trajectory_id == trajectory.id, DiaryEntry.deleted_at.is_(None)
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)


def entries_for_overview(trajectory: Trajectory, start: date, end: date) -> list[DiaryEntry]:
    """Entries in [start, end] that are not deleted, in date order (for reports)."""
    return list(db.session.scalars(
        select(DiaryEntry)
        .where(
            DiaryEntry.trajectory_id == trajectory.id,
            DiaryEntry.deleted_at.is_(None),
            DiaryEntry.entry_date >= start,
            DiaryEntry.entry_date <= end,
        )
        .options(selectinload(DiaryEntry.addenda))
        .order_by(DiaryEntry.entry_date, DiaryEntry.id)
    ))


def due_follow_ups_for(trajectory_ids, today: date) -> dict[int, list[DiaryEntry]]:
    """Open entries whose follow-up date falls on or before the end of this week (overdue too)."""
    ids = list(trajectory_ids)
    result: dict[int, list[DiaryEntry]] = {tid: [] for tid in ids}
    if not ids:
        return result
    week_end = Week.of(today).sunday
    rows = db.session.scalars(
        select(DiaryEntry)
        .where(
            DiaryEntry.trajectory_id.in_(ids),
            DiaryEntry.deleted_at.is_(None),
            DiaryEntry.follow_up_on.is_not(None),
            DiaryEntry.follow_up_on <= week_end,
            DiaryEntry.status.not_in(sorted(FINAL_STATUS_VALUES)),
        )
        .order_by(DiaryEntry.follow_up_on, DiaryEntry.id)
    )
    for entry in rows:
        result[entry.trajectory_id].append(entry)
    return result


# --- the pipeline (caseload, home page, reminders, candidate file) ----------------------

def _last_status_change():
    """Per entry, the day of its latest status change (entries without one: no row)."""
    return (select(StatusChange.entry_id, func.max(StatusChange.changed_on).label("changed_on"))
            .group_by(StatusChange.entry_id).subquery())


def _with_status_day(ids: list[int], statuses: Iterable[str]):
    changed = _last_status_change()
    since = func.coalesce(changed.c.changed_on, DiaryEntry.entry_date)
    return (
        select(DiaryEntry, since.label("since"))
        .outerjoin(changed, changed.c.entry_id == DiaryEntry.id)
        .where(DiaryEntry.trajectory_id.in_(ids), DiaryEntry.deleted_at.is_(None),
               DiaryEntry.kind.in_(sorted(k.value for k in APPLICATION_KINDS)),
               DiaryEntry.status.in_(sorted(statuses))),
        since,
    )


def _as_date(value) -> date:
    # An aggregate through coalesce comes back as text on SQLite.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def stale_days() -> int:
    """Quiet days before an application waiting for news is stale (STALE_APPLICATION_DAYS, 14)."""
    from flask import current_app

    return max(int(current_app.config.get("STALE_APPLICATION_DAYS", 14)), 1)


def stale_applications_for(trajectory_ids, today: date, days: int) -> dict[int, list[tuple[DiaryEntry, date]]]:
    """Applications waiting for news with no status change for `days` days or more, with the
    day of their last change, oldest first (one query for any number of trajectories)."""
    ids = list(trajectory_ids)
    result: dict[int, list[tuple[DiaryEntry, date]]] = {tid: [] for tid in ids}
    if not ids:
        return result
    query, since = _with_status_day(ids, AWAITING_NEWS)
    rows = db.session.execute(
        query.where(since <= today - timedelta(days=days), DiaryEntry.entry_date <= today)
        .order_by(since, DiaryEntry.id)
    )
    for entry, day in rows:
        result[entry.trajectory_id].append((entry, _as_date(day)))
    return result


def positive_applications_for(trajectory_ids) -> dict[int, list[tuple[DiaryEntry, date]]]:
    """Offers, second interviews and hires per trajectory with the day they got that status,
    strongest and newest first (one query)."""
    ids = list(trajectory_ids)
    result: dict[int, list[tuple[DiaryEntry, date]]] = {tid: [] for tid in ids}
    if not ids:
        return result
    query, since = _with_status_day(ids, POSITIVE_STATUSES)
    rows = [(entry, _as_date(day)) for entry, day in db.session.execute(query)]
    rows.sort(key=lambda row: (positive_rank(row[0].status), -row[1].toordinal(), -row[0].id))
    for entry, day in rows:
        result[entry.trajectory_id].append((entry, day))
    return result


def status_histories(trajectory: Trajectory) -> list[list[str]]:
    """Every status each live application of the trajectory ever had (for the funnel)."""
    kinds = sorted(k.value for k in APPLICATION_KINDS)
    live = (DiaryEntry.trajectory_id == trajectory.id, DiaryEntry.deleted_at.is_(None), DiaryEntry.kind.in_(kinds))
    histories: dict[int, list[str]] = {
        entry_id: [status] for entry_id, status in db.session.execute(select(DiaryEntry.id, DiaryEntry.status).where(*live))
    }
    changes = db.session.execute(
        select(StatusChange.entry_id, StatusChange.from_status, StatusChange.to_status)
        .join(DiaryEntry, DiaryEntry.id == StatusChange.entry_id).where(*live)
    )
    for entry_id, old, new in changes:
        histories[entry_id].extend(s for s in (old, new) if s)
    return list(histories.values())


def weeks_back(today: date, count: int) -> tuple[date, date]:
    """The Monday `count - 1` weeks before this week, and this week's Sunday."""
    this_week = Week.of(today)
    return this_week.monday - timedelta(weeks=count - 1), this_week.sunday


# --- evidence inputs (one query each, for any number of trajectories) ------------------

def evidence_facts_select(trajectory_ids, start: date, end: date):
    """The SELECT behind `evidence_facts_for`: (trajectory_id, entry_date, kind).

    The arguments may be values or bind parameters (`casefile.evidence` prepares it once).

    A planned activity has not happened yet, so it is no evidence: this is the one feed of
    `casefile.evidence`, so the diary, dashboard and employer overviews all leave it out.
    """
    return select(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind).where(
        DiaryEntry.trajectory_id.in_(trajectory_ids),
        DiaryEntry.deleted_at.is_(None),
        DiaryEntry.status.not_in(sorted(NOT_EVIDENCE_STATUSES)),
        DiaryEntry.entry_date >= start,
        DiaryEntry.entry_date <= end,
    )


def evidence_facts_for(trajectory_ids, start: date, end: date) -> dict[int, list[ActivityFact]]:
    """Every non-deleted entry in [start, end] that happened, as (date, kind), per trajectory."""
    ids = list(trajectory_ids)
    facts: dict[int, list[ActivityFact]] = {tid: [] for tid in ids}
    if not ids:
        return facts
    for trajectory_id, entry_date, kind in db.session.execute(evidence_facts_select(ids, start, end)):
        facts[trajectory_id].append(ActivityFact(entry_date, kind))
    return facts


def week_reviews_select(trajectory_ids, first_monday: date | None = None, last_monday: date | None = None):
    """(trajectory_id, week_monday, sufficient, reason) of the advisor's week reviews."""
    query = select(WeekReview.trajectory_id, WeekReview.week_monday, WeekReview.sufficient,
                   WeekReview.reason).where(WeekReview.trajectory_id.in_(trajectory_ids))
    if first_monday is not None:
        query = query.where(WeekReview.week_monday >= first_monday)
    if last_monday is not None:
        query = query.where(WeekReview.week_monday <= last_monday)
    return query


def week_reasons_select(trajectory_ids, first_monday: date | None = None, last_monday: date | None = None):
    """(trajectory_id, week_monday, reason) of the candidate's reasons for low weeks."""
    query = select(WeekReason.trajectory_id, WeekReason.week_monday, WeekReason.reason).where(
        WeekReason.trajectory_id.in_(trajectory_ids))
    if first_monday is not None:
        query = query.where(WeekReason.week_monday >= first_monday)
    if last_monday is not None:
        query = query.where(WeekReason.week_monday <= last_monday)
    return query


def week_judgements_for(trajectory_ids) -> dict[int, dict[Week, WeekJudgement]]:
    """The advisor's week reviews, per trajectory."""
    ids = list(trajectory_ids)
    result: dict[int, dict[Week, WeekJudgement]] = {tid: {} for tid in ids}
    if ids:
        for trajectory_id, monday, sufficient, reason in db.session.execute(week_reviews_select(ids)):
            result[trajectory_id][Week.of(monday)] = WeekJudgement(sufficient, reason or "")
    return result


def week_reasons_for(trajectory_ids) -> dict[int, dict[Week, str]]:
    """The candidate's reasons for low weeks, per trajectory."""
    ids = list(trajectory_ids)
    result: dict[int, dict[Week, str]] = {tid: {} for tid in ids}
    if ids:
        for trajectory_id, monday, reason in db.session.execute(week_reasons_select(ids)):
            result[trajectory_id][Week.of(monday)] = reason
    return result
