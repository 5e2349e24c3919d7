"""A progress report's facts, its PDF, and releasing it: numbers from the evidence, never retyped.

The facts are the activity overview's build (`casefile.overview.build_overview`) for the
report's period: the same evidence, the same lists, so every number in a report is the
evidence model's for that period. On top: the plan version in force at the end of the
period, the results among the applications, and for the end report the placements, the
final evaluation and the earlier reports. A released report is rendered once and stored
with hash and verification code; its facts are then recounted as of the release day.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, render_template
from sqlalchemy import select

from portal import bureau, storage
from portal.casefile.issued import Freshness, figures_freshness
from portal.casefile.overview import build_overview
from portal.clock import LOCAL_TZ
from portal.db_types import utcnow
from portal.domain import reporting
from portal.domain.evidence import figures as evidence_figures
from portal.extensions import db
from portal.plan import casework
from portal.plan import services as plan_services
from portal.progress_reports import services
from portal.progress_reports.models import ProgressReport, ReportKind, sections_for
from portal.reports import codes
from portal.reports.overview import Overview
from portal.reports.render import pdf_fetcher, static_root
from portal.reports.services import export_key


@dataclass
class ReportFacts:
    overview: Overview
    plan: plan_services.PlanSummary
    results: list[dict] = field(default_factory=list)
    placements: list = field(default_factory=list)
    final_evaluation: object | None = None
    earlier: list[ProgressReport] = field(default_factory=list)

    @property
    def evidence(self):
        return self.overview.evidence

    @property
    def totals(self) -> dict:
        return self.overview.totals


def as_of(report: ProgressReport, today: date) -> date:
    """The day a report's facts are counted on: its release day once released."""
    if report.figures and report.figures.get("as_of"):
        return date.fromisoformat(report.figures["as_of"])
    if report.released_at is not None:
        return report.released_at.astimezone(LOCAL_TZ).date()
    return today


def report_facts(report: ProgressReport, today: date) -> ReportFacts:
    day = as_of(report, today)
    trajectory = report.trajectory
    overview = build_overview(trajectory, report.period_start, report.period_end, day)
    facts = ReportFacts(
        overview=overview,
        plan=plan_services.plan_summary_for_employer(trajectory, as_of=report.period_end),
        results=[row for row in overview.section("applications").rows if reporting.is_result(row.get("status"))],
    )
    if report.kind == ReportKind.FINAL:
        facts.placements = casework.placements_for(trajectory)
        facts.final_evaluation = casework.final_evaluation_for(trajectory)
        facts.earlier = services.earlier_reports(report)
    return facts


def freshness(report: ProgressReport) -> Freshness:
    """Whether today's data still gives the numbers a released report states."""
    return figures_freshness(report.trajectory, report.figures)


# --- the PDF --------------------------------------------------------------------------------

def to_html(report: ProgressReport, facts: ReportFacts, code: str = "") -> str:
    return render_template(
        "progress_reports/report_pdf.html", report=report, facts=facts, ov=facts.overview,
        h=facts.overview.header, totals=facts.totals, sections=sections_for(report.kind),
        texts=services.latest_texts(report), judgement=services.judgement(report),
        code=code, bureau=bureau.name_for_pdf(), bureau_logo=bureau.logo_for_pdf()[0],
        verify_url=current_app.config.get("BASE_URL", "").rstrip("/") + "/controle",
    )


def to_pdf(report: ProgressReport, facts: ReportFacts, code: str = "") -> bytes:
    from weasyprint import HTML

    html = to_html(report, facts, code)
    return HTML(string=html, base_url=static_root().as_uri() + "/", url_fetcher=pdf_fetcher()).write_pdf()


def _unused_code() -> str:
    while True:
        code = codes.new_code()
        taken = db.session.scalar(select(ProgressReport.id).where(ProgressReport.verification_code == code))
        if taken is None and not _overview_has(code):
            return code


def _overview_has(code: str) -> bool:
    from portal.reports.models import GeneratedOverview

    return db.session.scalar(select(GeneratedOverview.id).where(GeneratedOverview.verification_code == code)) is not None


def release(report: ProgressReport, by, today: date) -> bytes:
    """Render, store and release the report to the employer, all or nothing; the caller commits.

    Runs in the release job (below). When anything fails after the file was stored, the file
    is removed again and the caller's rollback leaves the report as it was (with the candidate)."""
    if not services.may_release(report, today):
        raise services.ReportError("Vrijgeven kan pas als de kandidaat heeft gereageerd of akkoord is, "
                                   "of als de reactietermijn voorbij is.")
    facts = report_facts(report, today)
    report.released_at = utcnow()  # the PDF states its release day
    code = _unused_code()
    content = to_pdf(report, facts, codes.display_code(code))
    relative = f"progress_reports/{report.trajectory_id}/{uuid.uuid4().hex}.pdf"
    files = storage.store()
    files.put(export_key(relative), content)  # beside the stored overviews
    try:
        services.mark_released(report, by, code=code, sha256=hashlib.sha256(content).hexdigest(), file_path=relative,
                               size=len(content), figures=evidence_figures(facts.evidence, today))
        db.session.flush()
    except Exception:
        files.delete(export_key(relative))
        raise
    return content


# --- in the background (the job API, portal.background) ------------------------------------
# Releasing: one job per report (whoever clicks, however often); the report only becomes
# released when the job has rendered and stored its PDF, in the job's one commit. Until then
# it stays with the candidate, and a failed job leaves it there.
# A preview of an unreleased report: one job per person, report state and day.

RELEASE_JOB = "progress_report_release"
PREVIEW_JOB = "progress_report_preview"


def release_params(report: ProgressReport, by, today: date) -> dict:
    return {"report_id": report.id, "user_id": by.id, "today": today.isoformat()}


def release_key(report: ProgressReport) -> str:
    return f"{RELEASE_JOB}:{report.id}"


def _job_subjects(params: dict):
    from portal.auth.models import User

    report = db.session.get(ProgressReport, params["report_id"])
    user = db.session.get(User, params["user_id"])
    if report is None or user is None:
        raise LookupError("report or user is gone")
    return report, user


def release_in_background(params: dict) -> dict:
    """The release job's work: release() once; a report released already stays as it is."""
    report, user = _job_subjects(params)
    if not report.is_released:
        release(report, user, date.fromisoformat(params["today"]))
    return {"report_id": report.id}


def preview_params(report: ProgressReport, user, today: date) -> dict:
    """What a preview needs; also its key: the same person, the same texts and step, the same day."""
    version = report.texts[-1].id if report.texts else 0
    return {"report_id": report.id, "user_id": user.id, "today": today.isoformat(),
            "version": version, "status": report.status}


def preview_key(params: dict) -> str:
    return "{kind}:{report_id}:{user_id}:{version}:{status}:{today}".format(kind=PREVIEW_JOB, **params)


def preview_path(report: ProgressReport, user) -> str:
    """One stored preview per report and person (a new one replaces it), under the trajectory's
    folder, so retention and erasure remove it with the reports."""
    return f"progress_reports/{report.trajectory_id}/preview-{report.id}-{user.id}.pdf"


def preview_in_background(params: dict) -> dict:
    report, user = _job_subjects(params)
    content = to_pdf(report, report_facts(report, date.fromisoformat(params["today"])))
    relative = preview_path(report, user)
    storage.store().put(export_key(relative), content)
    return {"report_id": report.id, "file_path": relative, "size": len(content)}


def stored_preview(result: dict | None) -> bytes | None:
    if not result or not result.get("file_path"):
        return None
    try:
        return storage.store().get(export_key(result["file_path"]))
    except ValueError:
        return None


def stored_pdf(report: ProgressReport) -> bytes | None:
    if not report.file_path:
        return None
    try:
        return storage.store().get(export_key(report.file_path))
    except ValueError:  # a path that is no storage key
        return None


def by_code(code: str) -> ProgressReport | None:
    """A released report by its normalised verification code (for /controle)."""
    return db.session.scalar(select(ProgressReport).where(ProgressReport.verification_code == code))
