"""Generating, storing, verifying and sharing activity overviews; the advisor's summaries."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from portal.auth.models import Role, User
from portal.db_types import utcnow
from portal.domain.evidence import figure_changes
from portal.domain.evidence import figures as evidence_figures
from portal.employer_gate import audit_retraction, employer_visible
from portal.extensions import db
from portal.reports import codes
from portal.reports.models import GeneratedOverview, OverviewFormat, OverviewSummary
from portal.reports.overview import Overview, build_overview
from portal.reports.render import render
from portal.trajectory.models import Trajectory


def export_root() -> Path:
    """EXPORT_DIR: outside the web root; files are only served through a checked view."""
    root = Path(current_app.config["EXPORT_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _unused_code() -> str:
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

def overview_for(user: User, trajectory: Trajectory, start: date, end: date, today: date) -> Overview:
    return build_overview(trajectory, start, end, today, summary=summary_for(user, trajectory))


def generate_overview(
    trajectory: Trajectory, user: User, start: date, end: date, fmt: str, today: date
) -> tuple[GeneratedOverview, bytes]:
    """Build, render and store an overview with its hash and verification code; the caller commits."""
    fmt = OverviewFormat(fmt)
    overview = overview_for(user, trajectory, start, end, today)
    code = _unused_code()
    overview.verification_code = codes.display_code(code)
    content = render(overview, fmt.value)
    relative = f"overviews/{trajectory.id}/{uuid.uuid4().hex}.{fmt.value}"
    path = export_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    record = GeneratedOverview(
        trajectory_id=trajectory.id, period_start=start, period_end=end, format=fmt.value,
        generated_by_id=user.id if user else None, sha256=hashlib.sha256(content).hexdigest(),
        verification_code=code, file_path=relative, size_bytes=len(content),
        # What an employer downloads is theirs to see; bureau files wait until shared.
        shared_at=utcnow() if user is not None and user.role == Role.EMPLOYER else None,
        figures=evidence_figures(overview.evidence, today),
    )
    db.session.add(record)
    db.session.flush()
    return record, content


def stored_content(record: GeneratedOverview) -> bytes | None:
    path = (export_root() / record.file_path).resolve()
    if not path.is_relative_to(export_root().resolve()) or not path.is_file():
        return None
    return path.read_bytes()


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


# --- issued overviews stay true -----------------------------------------------------------

@dataclass(frozen=True)
class Freshness:
    """Whether today's data gives the numbers a stored overview states."""

    known: bool  # False for overviews issued before their figures were kept
    changes: tuple[tuple[str, str], ...] = ()  # (week key, what changed), in week order

    @property
    def outdated(self) -> bool:
        return bool(self.changes)


UNKNOWN = Freshness(known=False)


def freshness(trajectory: Trajectory, records: list[GeneratedOverview]) -> dict[int, Freshness]:
    """Per stored overview of `trajectory`: does today's data give the same numbers?

    Each overview is recounted for its own period as of the day it was made (so a week that
    was running then is still running), from one read of the evidence for all of them.
    """
    from portal.advisor.evidence import load_evidence_periods  # the evidence service imports features back

    comparable = [r for r in records if r.figures and r.figures.get("as_of")]
    result = {r.id: UNKNOWN for r in records}
    periods = [(r.period_start, r.period_end, date.fromisoformat(r.figures["as_of"])) for r in comparable]
    for record, evidence, period in zip(comparable, load_evidence_periods(trajectory, periods), periods, strict=True):
        today = evidence_figures(evidence, period[2])
        result[record.id] = Freshness(known=True, changes=tuple(figure_changes(record.figures, today)))
    return result


def may_download(user: User, record: GeneratedOverview) -> bool:
    return user.role != Role.EMPLOYER or record.shared_at is not None


# --- verification (public) ---------------------------------------------------------------

@dataclass(frozen=True)
class Verification:
    """Only what the public page may show; nothing about the candidate."""

    reference: str
    period_start: date
    period_end: date
    generated_at: object
    format_label: str
    file_matches: bool | None  # None when no file was uploaded
    freshness: Freshness = UNKNOWN  # whether today's data gives the same numbers


def verify(code_text: str, uploaded: bytes | None = None) -> Verification | None:
    """Look up a verification code and, when a file is given, compare its hash."""
    code = codes.normalise(code_text)
    if code is None:
        return None
    record = db.session.scalar(select(GeneratedOverview).where(GeneratedOverview.verification_code == code))
    if record is None:
        return None
    matches = None
    if uploaded is not None:
        matches = hashlib.sha256(uploaded).hexdigest() == record.sha256
    return Verification(
        reference=record.trajectory.reference, period_start=record.period_start, period_end=record.period_end,
        generated_at=record.generated_at, format_label=record.format_enum.label, file_matches=matches,
        freshness=freshness(record.trajectory, [record])[record.id],
    )
