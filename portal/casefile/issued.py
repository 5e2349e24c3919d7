"""Issuing activity overviews and checking issued ones: build, render, store with hash and
verification code; whether today's data still gives a stored overview's numbers; the public
verification."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.auth.models import Role, User
from portal.casefile.evidence import load_evidence_periods
from portal.casefile.overview import build_overview
from portal.clock import LOCAL_TZ
from portal.db_types import utcnow
from portal.domain.evidence import figure_changes
from portal.domain.evidence import figures as evidence_figures
from portal.extensions import db
from portal.progress_reports.models import ProgressReport
from portal.reports import codes
from portal.reports.models import GeneratedOverview, OverviewFormat
from portal.reports.overview import Overview
from portal.reports.render import render
from portal.reports.services import store_content, stored_content, summary_for, unused_code
from portal.trajectory.models import Trajectory


def overview_for(user: User, trajectory: Trajectory, start: date, end: date, today: date) -> Overview:
    return build_overview(trajectory, start, end, today, summary=summary_for(user, trajectory))


def generate_overview(
    trajectory: Trajectory, user: User, start: date, end: date, fmt: str, today: date
) -> tuple[GeneratedOverview, bytes]:
    """Build, render and store an overview with its hash and verification code; the caller commits.

    Asking again for a file that would come out byte for byte the same as one this person
    already made today (same period, format and data) returns that stored overview with its
    code, instead of a second record under a new code.
    """
    fmt = OverviewFormat(fmt)
    overview = overview_for(user, trajectory, start, end, today)
    figures = evidence_figures(overview.evidence, today)
    for earlier in _made_today(trajectory, user, start, end, fmt, today, figures):
        overview.verification_code = codes.display_code(earlier.verification_code)
        content = render(overview, fmt.value)
        same = _same_file(fmt, content, earlier)
        if same is not None:
            return earlier, same
    code = unused_code()
    overview.verification_code = codes.display_code(code)
    content = render(overview, fmt.value)
    relative = store_content(trajectory.id, fmt.value, content)
    record = GeneratedOverview(
        trajectory_id=trajectory.id, period_start=start, period_end=end, format=fmt.value,
        generated_by_id=user.id if user else None, sha256=hashlib.sha256(content).hexdigest(),
        verification_code=code, file_path=relative, size_bytes=len(content),
        # What an employer downloads is theirs to see; bureau files wait until shared.
        shared_at=utcnow() if user is not None and user.role == Role.EMPLOYER else None,
        figures=figures,
    )
    db.session.add(record)
    db.session.flush()
    return record, content


# --- in the background (the job API, portal.background) ------------------------------------

JOB_KIND = "overview"


def job_params(trajectory: Trajectory, user: User, start: date, end: date, fmt: str, today: date) -> dict:
    """What a queued overview needs; also its idempotency key: the same person asking for the
    same period and format on the same day while it is being made gets the same job."""
    return {"trajectory_id": trajectory.id, "user_id": user.id, "start": start.isoformat(),
            "end": end.isoformat(), "format": OverviewFormat(fmt).value, "today": today.isoformat()}


def job_key(params: dict) -> str:
    return "{kind}:{trajectory_id}:{user_id}:{start}:{end}:{format}:{today}".format(kind=JOB_KIND, **params)


def generate_in_background(params: dict) -> dict:
    """The job's work: generate_overview() for the queued request (same data: same stored file and code)."""
    trajectory = db.session.get(Trajectory, params["trajectory_id"])
    user = db.session.get(User, params["user_id"])
    if trajectory is None or user is None:
        raise LookupError("trajectory or user is gone")
    record, _content = generate_overview(trajectory, user, date.fromisoformat(params["start"]),
                                         date.fromisoformat(params["end"]), params["format"],
                                         date.fromisoformat(params["today"]))
    return {"overview_id": record.id}


def _same_file(fmt: OverviewFormat, content: bytes, earlier: GeneratedOverview) -> bytes | None:
    """The file to send when `content` is the stored one again, else None. PDF and CSV come
    out byte for byte the same from the same data; a workbook carries the moment it was
    saved, so its cells are compared and the stored file (whose hash verifies) is sent."""
    if hashlib.sha256(content).hexdigest() == earlier.sha256:
        return content
    stored = stored_content(earlier)
    if fmt != OverviewFormat.XLSX or stored is None:
        return None
    return stored if _cells(content) == _cells(stored) else None


def _cells(workbook_bytes: bytes) -> list:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    return [(sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets]


def _made_today(trajectory: Trajectory, user: User | None, start: date, end: date, fmt: OverviewFormat,
                today: date, figures: dict) -> list[GeneratedOverview]:
    """This person's stored overviews of today for the same period and format, with the
    same figures (the newest first; at most a few are re-rendered to compare)."""
    if user is None:
        return []
    records = db.session.scalars(
        select(GeneratedOverview).where(
            GeneratedOverview.trajectory_id == trajectory.id, GeneratedOverview.generated_by_id == user.id,
            GeneratedOverview.period_start == start, GeneratedOverview.period_end == end,
            GeneratedOverview.format == fmt.value)
        .order_by(GeneratedOverview.id.desc()).limit(3))
    return [r for r in records if r.figures == figures and r.generated_at.astimezone(LOCAL_TZ).date() == today]


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


def figures_freshness(trajectory: Trajectory, figures: dict | None) -> Freshness:
    """Whether today's data gives the per-week `figures` an issued file states (its own period, as of its day)."""
    if not figures or not figures.get("as_of"):
        return UNKNOWN
    as_of = date.fromisoformat(figures["as_of"])
    period = (date.fromisoformat(figures["start"]), date.fromisoformat(figures["end"]), as_of)
    (evidence,) = load_evidence_periods(trajectory, [period])
    return Freshness(known=True, changes=tuple(figure_changes(figures, evidence_figures(evidence, as_of))))


def freshness(trajectory: Trajectory, records: list[GeneratedOverview]) -> dict[int, Freshness]:
    """Per stored overview of `trajectory`: does today's data give the same numbers?

    Each overview is recounted for its own period as of the day it was made (so a week that
    was running then is still running), from one read of the evidence for all of them.
    """
    comparable = [r for r in records if r.figures and r.figures.get("as_of")]
    result = {r.id: UNKNOWN for r in records}
    periods = [(r.period_start, r.period_end, date.fromisoformat(r.figures["as_of"])) for r in comparable]
    for record, evidence, period in zip(comparable, load_evidence_periods(trajectory, periods), periods, strict=True):
        today = evidence_figures(evidence, period[2])
        result[record.id] = Freshness(known=True, changes=tuple(figure_changes(record.figures, today)))
    return result


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
        return _verify_report(code, uploaded)
    matches = None
    if uploaded is not None:
        matches = hashlib.sha256(uploaded).hexdigest() == record.sha256
    return Verification(
        reference=record.trajectory.reference, period_start=record.period_start, period_end=record.period_end,
        generated_at=record.generated_at, format_label=record.format_enum.label, file_matches=matches,
        freshness=freshness(record.trajectory, [record])[record.id],
    )


def _verify_report(code: str, uploaded: bytes | None) -> Verification | None:
    """A released progress report or end report carries a code from the same alphabet."""
    report = db.session.scalar(select(ProgressReport).where(ProgressReport.verification_code == code))
    if report is None:
        return None
    matches = None if uploaded is None else hashlib.sha256(uploaded).hexdigest() == report.sha256
    return Verification(
        reference=report.trajectory.reference, period_start=report.period_start, period_end=report.period_end,
        generated_at=report.released_at, format_label=f"{report.title} (PDF)", file_matches=matches,
        freshness=figures_freshness(report.trajectory, report.figures),
    )
