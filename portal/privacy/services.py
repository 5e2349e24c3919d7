"""Rights of the person: export everything about a candidate, erase it after retention or on request.

What belongs to a person is discovered from the models' metadata, so tables that features
add later are included without changes here: starting from the person's `users` row and
their `trajectories`, every table with a foreign key into rows already found is followed
(diary entries -> their attachments -> ...). Files are found through the rows (stored
names and paths) and under uploads/<feature>/<trajectory id>/ in the file storage
(portal.storage); erasure also removes the stored overviews under exports/.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import Table, delete, inspect, or_, select, update

from portal import storage
from portal.auth.models import User
from portal.domain import bounds
from portal.domain.timeline import RETENTION_YEARS_AFTER_CLOSE
from portal.extensions import db
from portal.privacy.models import ErasureRecord
from portal.trajectory.models import Trajectory, TrajectoryStatus

# Never exported, never followed: secrets, the audit trail itself, counters, anonymous stats.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "code_hash", "totp_secret", "totp_last_step"})
SKIP_TABLES = frozenset({"audit_events", "rate_limit_counters", "erasure_records"})
# A SET NULL key with one of these names means the row is *about* that person (a mail to them).
OWNER_COLUMNS = frozenset({"user_id", "candidate_id", "owner_id", "person_id"})
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")
MAX_DEPTH = 5


@dataclass
class Found:
    """Rows about a person: per table the rows to delete and the rows that only point at them."""

    owned: dict[str, list[dict]] = field(default_factory=dict)
    pointing: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # (column, row)

    def rows(self, table: str) -> list[dict]:
        return self.owned.get(table, []) + [row for _, row in self.pointing.get(table, [])]


def _pk_values(table: Table, rows: list[dict]) -> set:
    pk = list(table.primary_key.columns)
    return {row[pk[0].name] for row in rows} if len(pk) == 1 else set()


def collect(user_ids: set[int], trajectory_ids: set[int]) -> Found:
    """Every row reachable from these users and trajectories through foreign keys."""
    metadata = db.metadata
    found = Found()
    keys: dict[str, set] = {"users": set(user_ids), "trajectories": set(trajectory_ids)}
    tables = {t.name: t for t in metadata.sorted_tables if t.name not in SKIP_TABLES}
    seeds = {"users": tables["users"].c.id.in_(user_ids), "trajectories": tables["trajectories"].c.id.in_(trajectory_ids)}
    for name, condition in seeds.items():
        found.owned[name] = [dict(r) for r in db.session.execute(select(tables[name]).where(condition)).mappings()]
    for _ in range(MAX_DEPTH):
        grew = False
        for name, table in tables.items():
            owning, pointing = [], []
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target == name or not keys.get(target):
                    continue
                condition = fk.parent.in_(keys[target])
                if fk.ondelete and fk.ondelete.upper() == "SET NULL" and fk.parent.name not in OWNER_COLUMNS:
                    pointing.append((fk.parent.name, condition))
                else:
                    owning.append(condition)
            if name in seeds:
                owning.append(seeds[name])
            owned = [dict(r) for r in db.session.execute(select(table).where(or_(*owning))).mappings()] if owning else []
            if len(owned) != len(found.owned.get(name, [])):
                grew = True
            found.owned[name] = owned
            owned_keys = _pk_values(table, owned)
            found.pointing[name] = [
                (column, dict(r))
                for column, condition in pointing
                for r in db.session.execute(select(table).where(condition)).mappings()
                if not owned_keys or _pk_values(table, [dict(r)]) - owned_keys
            ]
            new_keys = owned_keys
            if new_keys - keys.get(name, set()):
                keys[name] = keys.get(name, set()) | new_keys
                grew = True
        if not grew:
            break
    found.owned = {k: v for k, v in found.owned.items() if v}
    found.pointing = {k: v for k, v in found.pointing.items() if v}
    return found


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def files_for(found: Found, trajectory_ids: set[int], areas: tuple[str, ...] = ("uploads",)) -> dict[str, int]:
    """Storage keys (with their sizes) of the files that belong to these rows: by stored name
    or stored path in a row, and under <area>/<feature>/<trajectory id>/."""
    values = {value for rows in found.owned.values() for row in rows for value in row.values() if isinstance(value, str)}
    names = {value for value in values if STORED_NAME.match(value)}
    folders = {str(tid) for tid in trajectory_ids}
    files = storage.store()
    result = {}
    for area in areas:
        for key, size in files.keys(f"{area}/"):
            parts = key.split("/")
            if parts[-1] in names or key.partition("/")[2] in values or (len(parts) > 3 and parts[2] in folders):
                result[key] = size
    return dict(sorted(result.items()))


# "Intern (alleen adviseurs)" is what the portal shows; in this download the candidate reads
# those notes too, by right (AVG art. 15), so each one says so instead of claiming otherwise.
INTERNAL_NOTE_LABEL = (
    "Interne werknotitie van je adviseur. In het portaal lezen alleen adviseurs deze notitie; "
    "je werkgever ziet haar niet. Omdat het gegevens over jou zijn, heb je recht op inzage "
    "(AVG artikel 15) en staat ze daarom in deze download."
)
README = (
    "Dit zijn al je gegevens in Tweede Spoor Online.\n"
    "gegevens.json bevat per onderdeel (tabel) alle regels over jou; de map bestanden/ je bestanden.\n"
    "\n"
    "Notities met zichtbaarheid 'internal' zijn interne werknotities van je adviseur. In het portaal "
    "lezen alleen adviseurs ze en je werkgever ziet ze niet. Je krijgt ze hier wel, omdat je recht "
    "hebt op inzage in alle gegevens over jou (AVG artikel 15). Klopt er iets niet, dan kun je je "
    "adviseur vragen het te corrigeren of je eigen reactie toe te voegen.\n"
)
_NOTE_TABLES = frozenset({"notes", "note_versions"})


def _labelled(table: str, row: dict) -> dict:
    """A row as exported; internal notes carry an honest label about the right of access."""
    if table in _NOTE_TABLES and row.get("visibility") == "internal":
        row["zichtbaarheid_uitleg"] = INTERNAL_NOTE_LABEL
    return row


class ExportTooLarge(Exception):
    """The data download would pass its caps (portal.domain.bounds); the message is Dutch."""


def export_zip(user: User) -> bytes:
    """A ZIP with one JSON file of every row about the person (no secrets) and their files."""
    trajectory_ids = set(db.session.scalars(select(Trajectory.id).where(Trajectory.candidate_id == user.id)))
    found = collect({user.id}, trajectory_ids)
    files = files_for(found, trajectory_ids)
    too_large = bounds.data_download_too_large(
        sum(len(found.rows(table)) for table in set(found.owned) | set(found.pointing)),
        sum(files.values()),
        current_app.config.get("PRIVACY_EXPORT_MAX_ROWS", bounds.PRIVACY_EXPORT_MAX_ROWS),
        current_app.config.get("PRIVACY_EXPORT_MAX_BYTES", bounds.PRIVACY_EXPORT_MAX_BYTES),
    )
    if too_large:  # checked before anything is written
        raise ExportTooLarge(too_large)
    buffer = io.BytesIO()
    store = storage.store()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = {
            table: [_labelled(table, {k: _jsonable(v) for k, v in row.items() if k not in SECRET_COLUMNS})
                    for row in found.rows(table)]
            for table in sorted(set(found.owned) | set(found.pointing))
        }
        archive.writestr("gegevens.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        archive.writestr("LEESMIJ.txt", README)
        for key in files:
            data = store.get(key)
            if data is not None:
                archive.writestr("bestanden/" + key.partition("/")[2], data)
    return buffer.getvalue()


def _erase(found: Found, trajectory_ids: set[int]) -> tuple[dict[str, int], int]:
    """Delete owned rows (children first), clear keys that only point at them, remove files
    (uploads and stored overviews) through the file storage."""
    files = files_for(found, trajectory_ids, areas=("uploads", "exports"))
    tables = {t.name: t for t in db.metadata.sorted_tables}
    counts: dict[str, int] = {}
    for name, items in found.pointing.items():
        table = tables[name]
        pk = list(table.primary_key.columns)
        for column, row in items:
            db.session.execute(update(table).where(*[c == row[c.name] for c in pk]).values({column: None}))
    for table in reversed(db.metadata.sorted_tables):
        rows = found.owned.get(table.name)
        if not rows:
            continue
        pk = list(table.primary_key.columns)
        for row in rows:
            db.session.execute(delete(table).where(*[c == row[c.name] for c in pk]))
        counts[table.name] = len(rows)
    db.session.flush()
    store = storage.store()
    for key in files:
        store.delete(key)
    return counts, len(files)


def _record(reason: str, trajectory: SimpleNamespace | None, counts: dict[str, int], files: int) -> None:
    weeks = None
    if trajectory is not None and trajectory.spoor2_start:
        end = trajectory.closed_on or date.today()
        weeks = max(0, (end - trajectory.spoor2_start).days // 7)
    db.session.add(ErasureRecord(
        reason=reason,
        trajectory_status=trajectory.status if trajectory is not None else "",
        closed_on_year=trajectory.closed_on.year if trajectory is not None and trajectory.closed_on else None,
        spoor2_weeks=weeks,
        row_counts=counts,
        files_removed=files,
    ))


def _snapshot(trajectory: Trajectory | None) -> SimpleNamespace | None:
    if trajectory is None:
        return None
    return SimpleNamespace(status=trajectory.status, spoor2_start=trajectory.spoor2_start, closed_on=trajectory.closed_on)


def _forget(found: Found) -> None:
    """Detach the ORM objects of rows about to be deleted, so no later flush touches them."""
    db.session.flush()
    doomed = {
        (name, tuple(row[c.name] for c in db.metadata.tables[name].primary_key.columns))
        for name, rows in found.owned.items() for row in rows
    }
    for obj in list(db.session):
        state = inspect(obj)
        table = getattr(obj, "__tablename__", None)
        if table and state.identity and (table, tuple(state.identity)) in doomed:
            db.session.expunge(obj)


def erase_trajectory(trajectory: Trajectory, reason: str = "retention") -> dict[str, int]:
    """Erase one trajectory and everything about it; keep an anonymous record. The caller commits."""
    snapshot, trajectory_id = _snapshot(trajectory), trajectory.id
    found = collect(set(), {trajectory_id})
    _forget(found)
    counts, files = _erase(found, {trajectory_id})
    _record(reason, snapshot, counts, files)
    return counts


def erase_person(user: User, reason: str = "request") -> dict[str, int]:
    """Erase a candidate with all their trajectories, rows and files. The caller commits."""
    trajectory_ids = set(db.session.scalars(select(Trajectory.id).where(Trajectory.candidate_id == user.id)))
    snapshot = _snapshot(db.session.get(Trajectory, min(trajectory_ids)) if trajectory_ids else None)
    found = collect({user.id}, trajectory_ids)
    _forget(found)
    counts, files = _erase(found, trajectory_ids)
    _record(reason, snapshot, counts, files)
    return counts


def retention_ends(trajectory: Trajectory) -> date | None:
    """The day after which a closed trajectory's data must be gone."""
    if trajectory.closed_on is None:
        return None
    closed = trajectory.closed_on
    try:
        return closed.replace(year=closed.year + RETENTION_YEARS_AFTER_CLOSE)
    except ValueError:  # 29 February
        return closed.replace(year=closed.year + RETENTION_YEARS_AFTER_CLOSE, day=28)


def expired_trajectories(today: date) -> list[Trajectory]:
    closed = db.session.scalars(
        select(Trajectory).where(
            Trajectory.closed_on.is_not(None),
            Trajectory.status.in_([TrajectoryStatus.CLOSED, TrajectoryStatus.PLACED]),
        )
    ).all()
    return [t for t in closed if retention_ends(t) < today]


def purge_expired(today: date | None = None) -> tuple[int, int]:
    """Erase every trajectory past retention; people left without any trajectory go entirely.

    Returns (trajectories erased, people erased). The caller commits.
    """
    today = today or date.today()
    trajectories = people = 0
    for trajectory in expired_trajectories(today):
        candidate_id = trajectory.candidate_id
        erase_trajectory(trajectory, "retention")
        trajectories += 1
        still = db.session.scalar(select(Trajectory.id).where(Trajectory.candidate_id == candidate_id).limit(1))
        user = db.session.get(User, candidate_id)
        if still is None and user is not None and user.role == "candidate":
            erase_person(user, "retention")
            people += 1
    return trajectories, people
