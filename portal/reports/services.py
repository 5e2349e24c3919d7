"""Stored activity overviews (listing, sharing, reading back) and the advisor's summaries.

Issuing and checking overviews reads the evidence: `portal.casefile.issued`."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from portal import storage
from portal.auth.models import Role, User
from portal.db_types import utcnow
from portal.employer_gate import audit_retraction, employer_visible
from portal.extensions import db
from portal.reports import codes
from portal.reports.models import GeneratedOverview, OverviewFormat, OverviewSummary
from portal.trajectory.models import Trajectory


def export_key(file_path: str) -> str:
    """The storage key of a stored overview (`exports/` + its path relative to EXPORT_DIR)."""
    return storage.check_key(f"exports/{file_path}")


def unused_code() -> str:
    while True:
        code = codes.new_code()
        if db.session.scalar(select(GeneratedOverview.id).where(GeneratedOverview.verification_code == code)) is None:
            return code


# --- the advisor's summary ---------------------------------------------------------------

# Every version may reach the employer (shared, or inside an overview the bureau shares).
SUMMARY = employer_visible("reports.summary", "Samenvatting van de adviseur")


def summary_history(trajectory: Trajectory) -> list[OverviewSummary]:
    """Every version, newest first."""
    return list(db.session.scalars(
        select(OverviewSummary).where(OverviewSummary.trajectory_id == trajectory.id)
        .order_by(OverviewSummary.created_at.desc(), OverviewSummary.id.desc())
    ))


def latest_summary(trajectory: Trajectory, shared_only: bool) -> OverviewSummary | None:
    query = select(OverviewSummary).where(OverviewSummary.trajectory_id == trajectory.id)
    if shared_only:
        query = query.where(OverviewSummary.shared_at.is_not(None))
    return db.session.scalars(query.order_by(OverviewSummary.created_at.desc(), OverviewSummary.id.desc())).first()


def save_summary(trajectory: Trajectory, author: User, text: str, share: bool = False) -> OverviewSummary:
    """A new version of the summary (old versions stay); the caller commits."""
    summary = OverviewSummary(trajectory_id=trajectory.id, author_id=author.id, text=text.strip(),
                              shared_at=utcnow() if share else None)
    db.session.add(summary)
    db.session.flush()
    return summary


def share_summary(summary: OverviewSummary) -> OverviewSummary:
    if summary.shared_at is None:
        summary.shared_at = utcnow()
    return summary


def retract_summary(summary: OverviewSummary) -> bool:
    """Withdraw a summary: no later file carries it; audited. False when it was already withdrawn."""
    if summary.retracted_at is not None:
        return False
    summary.retracted_at = utcnow()
    audit_retraction(summary.trajectory, SUMMARY, f"samenvatting van {summary.created_at:%d-%m-%Y} ingetrokken")
    return True


def summary_for(user: User, trajectory: Trajectory) -> str:
    """Employers only ever get a shared summary; the bureau works with the newest draft.

    A withdrawn summary goes into no file at all."""
    shared_only = user is None or user.role == Role.EMPLOYER
    summary = latest_summary(trajectory, shared_only=shared_only)
    return summary.text if summary and summary.retracted_at is None else ""


# --- generating and storing --------------------------------------------------------------

def store_content(trajectory_id: int, fmt: str, content: bytes) -> str:
    """Store an overview's file; returns its path (relative to EXPORT_DIR, kept on the record)."""
    # The file's own suffix ("zip" for the CSV tables for people): storage keys name no format codes.
    relative = f"overviews/{trajectory_id}/{uuid.uuid4().hex}.{OverviewFormat(fmt).suffix}"
    storage.store().put(export_key(relative), content)
    return relative


def stored_content(record: GeneratedOverview) -> bytes | None:
    try:
        return storage.store().get(export_key(record.file_path))
    except ValueError:
        return None


def share_overview(record: GeneratedOverview) -> GeneratedOverview:
    if record.shared_at is None:
        record.shared_at = utcnow()
    return record


def overviews_for(trajectory: Trajectory, user: User, limit: int = 20) -> list[GeneratedOverview]:
    """The stored overviews this user may list: employers see shared ones only."""
    query = select(GeneratedOverview).where(GeneratedOverview.trajectory_id == trajectory.id)
    if user.role == Role.EMPLOYER:
        query = query.where(GeneratedOverview.shared_at.is_not(None))
    return list(db.session.scalars(query.order_by(GeneratedOverview.generated_at.desc(),
                                                  GeneratedOverview.id.desc()).limit(limit)))


def shared_overviews_for(trajectory_ids: list[int]) -> dict[int, list[GeneratedOverview]]:
    """The overviews shared with the employer, per trajectory, newest first (one query for all)."""
    result: dict[int, list[GeneratedOverview]] = {tid: [] for tid in trajectory_ids}
    if trajectory_ids:
        for record in db.session.scalars(
                select(GeneratedOverview).where(GeneratedOverview.trajectory_id.in_(trajectory_ids),
                                                GeneratedOverview.shared_at.is_not(None))
                .order_by(GeneratedOverview.generated_at.desc(), GeneratedOverview.id.desc())):
            result[record.trajectory_id].append(record)
    return result


def may_download(user: User, record: GeneratedOverview) -> bool:
    return user.role != Role.EMPLOYER or record.shared_at is not None
