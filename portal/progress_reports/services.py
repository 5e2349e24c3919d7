"""Progress reports: drafting with history, the release flow, corrections, who sees what.

The facts of a report and its PDF read the evidence: `portal.casefile.progress_report`.
Every write here leaves committing to the caller (the view); every step of the release
flow is dated on the report and audited.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from portal.auth.models import Role, User
from portal.db_types import utcnow
from portal.domain import reporting
from portal.employer_gate import employer_visible
from portal.extensions import db
from portal.progress_reports.models import (
    SECTION_BY_KEY,
    Judgement,
    ProgressReport,
    ReportKind,
    ReportStatus,
    ReportText,
    written_sections,
)
from portal.trajectory.models import Trajectory

# Every text of a report reaches the employer once it is released.
NARRATIVE = employer_visible("progress_reports.text", "Tekst van een rapportage")
RESPONSE = employer_visible("progress_reports.response", "Zienswijze van de kandidaat")
CORRECTION = employer_visible("progress_reports.correction", "Wat er in een correctie is veranderd")

NOTIFY_KIND = "report_to_read"


class ReportError(ValueError):
    """A step that is not possible in the report's state; the message is Dutch."""


def _audit(report: ProgressReport, what: str, user: User | None = None) -> None:
    """`user`: who did it, where that is not the request's user (the release job)."""
    from portal.audit.models import AuditAction
    from portal.audit.services import record

    record(AuditAction.REPORT, report.trajectory, detail=f"{report.title} ({report.period_end:%d-%m-%Y}): {what}",
           permission="progress_reports", user=user)


# --- reading ------------------------------------------------------------------------------

def reports_of(trajectory: Trajectory) -> list[ProgressReport]:
    """Every report of the trajectory, newest first."""
    return list(db.session.scalars(
        select(ProgressReport).where(ProgressReport.trajectory_id == trajectory.id)
        .order_by(ProgressReport.period_end.desc(), ProgressReport.id.desc())))


def visible_to(user: User, report: ProgressReport) -> bool:
    """Drafts stay with the bureau; the candidate reads from the moment it is sent; the
    employer only what was released."""
    if user.role == Role.EMPLOYER:
        return report.status == ReportStatus.RELEASED
    if user.role == Role.CANDIDATE:
        return report.status != ReportStatus.DRAFT
    return True


def reports_for(user: User, trajectory: Trajectory) -> list[ProgressReport]:
    return [r for r in reports_of(trajectory) if visible_to(user, r)]


def released_reports(trajectory_ids: list[int]) -> dict[int, list[ProgressReport]]:
    """The released reports per trajectory (newest first): the employer's list."""
    result: dict[int, list[ProgressReport]] = {tid: [] for tid in trajectory_ids}
    if not trajectory_ids:
        return result
    for report in db.session.scalars(
            select(ProgressReport).where(ProgressReport.trajectory_id.in_(trajectory_ids),
                                         ProgressReport.status == ReportStatus.RELEASED)
            .order_by(ProgressReport.period_end.desc(), ProgressReport.id.desc())):
        result[report.trajectory_id].append(report)
    return result


def covered_until(trajectory_ids: list[int]) -> dict[int, date]:
    """Per trajectory, the latest period end of a progress report sent or released."""
    rows = db.session.execute(
        select(ProgressReport.trajectory_id, func.max(ProgressReport.period_end))
        .where(ProgressReport.trajectory_id.in_(trajectory_ids), ProgressReport.status != ReportStatus.DRAFT)
        .group_by(ProgressReport.trajectory_id)) if trajectory_ids else []
    return {tid: end for tid, end in rows}


def due_for(trajectory: Trajectory, covered: date | None, today: date) -> reporting.ReportDue | None:
    until = trajectory.closed_on or trajectory.planned_end
    return reporting.next_due(reporting.report_due_dates(trajectory.first_sick_day, trajectory.spoor2_start, until),
                              covered, today)


def end_report_due(trajectory: Trajectory, reports: list[ProgressReport], today: date) -> reporting.ReportDue | None:
    """When the end report is needed, unless one was sent or released already."""
    if any(r.kind == ReportKind.FINAL and r.status != ReportStatus.DRAFT for r in reports):
        return None
    day = reporting.end_report_due(trajectory.first_sick_day, trajectory.closed_on)
    return reporting.next_due([day], None, today)


def latest_texts(report: ProgressReport) -> dict[str, ReportText]:
    """The newest text per section."""
    latest: dict[str, ReportText] = {}
    for text in report.texts:  # in id order: later versions win
        latest[text.section] = text
    return latest


def text_history(report: ProgressReport) -> dict[str, list[ReportText]]:
    """Every version per section, newest first."""
    history: dict[str, list[ReportText]] = {}
    for text in reversed(report.texts):
        history.setdefault(text.section, []).append(text)
    return history


def judgement(report: ProgressReport) -> Judgement | None:
    text = latest_texts(report).get("judgement")
    return Judgement(text.choice) if text and text.choice else None


def earlier_reports(report: ProgressReport) -> list[ProgressReport]:
    """The released reports of the trajectory before this one (the end report lists them)."""
    return [r for r in reports_of(report.trajectory)
            if r.id != report.id and r.status == ReportStatus.RELEASED][::-1]


# --- drafting -----------------------------------------------------------------------------

def _next_number(trajectory: Trajectory, kind: str) -> int:
    current = db.session.scalar(select(func.max(ProgressReport.number)).where(
        ProgressReport.trajectory_id == trajectory.id, ProgressReport.kind == kind))
    return (current or 0) + 1


def create_report(trajectory: Trajectory, author: User, kind: str, start: date, end: date) -> ProgressReport:
    kind = ReportKind(kind)
    report = ProgressReport(trajectory=trajectory, kind=kind.value, number=_next_number(trajectory, kind.value),
                            period_start=start, period_end=end, created_by=author,
                            status=ReportStatus.DRAFT.value)
    db.session.add(report)
    db.session.flush()
    _audit(report, "concept aangemaakt")
    return report


def save_texts(report: ProgressReport, author: User, texts: dict[str, str], choice: str = "") -> int:
    """A new version of every section whose text (or judgement) changed; returns how many."""
    if not report.is_draft:
        raise ReportError("Deze rapportage is niet meer in concept en kan niet worden gewijzigd.")
    latest = latest_texts(report)
    allowed = {s.key for s in written_sections(report.kind)}
    changed = 0
    for key, value in texts.items():
        if key not in allowed:
            continue
        value = (value or "").strip()
        new_choice = choice if key == "judgement" else ""
        old = latest.get(key)
        if old is None and not value and not new_choice:
            continue
        if old is not None and old.text == value and old.choice == new_choice:
            continue
        report.texts.append(ReportText(section=key, text=value, choice=new_choice, author=author))
        changed += 1
    if changed:
        db.session.flush()
    return changed


def missing_sections(report: ProgressReport) -> list[str]:
    """Titles of the sections the advisor still has to write before sending."""
    latest = latest_texts(report)
    missing = [s.title for s in written_sections(report.kind) if not (latest.get(s.key) and latest[s.key].text)]
    if judgement(report) is None and SECTION_BY_KEY["judgement"].title not in missing:
        missing.append(SECTION_BY_KEY["judgement"].title)
    return missing


# --- the release flow ---------------------------------------------------------------------

def send_to_candidate(report: ProgressReport, today: date, days: int = reporting.RESPONSE_DAYS) -> None:
    if not report.is_draft:
        raise ReportError("Deze rapportage is al naar de kandidaat gestuurd.")
    missing = missing_sections(report)
    if missing:
        raise ReportError("Vul eerst in: " + ", ".join(missing).lower() + ".")
    _take_step(report, ProgressReport.status == ReportStatus.DRAFT.value,
               status=ReportStatus.WITH_CANDIDATE.value, sent_at=utcnow(),
               response_due=reporting.response_closes(today, days))
    _audit(report, f"naar de kandidaat gestuurd, reageren kan tot {report.response_due:%d-%m-%Y}")
    report_to_read(report, [report.trajectory.candidate], f"/rapportages/{report.id}")


def back_to_draft(report: ProgressReport) -> None:
    """The advisor takes a report back from the candidate (before release) to change it."""
    if report.status != ReportStatus.WITH_CANDIDATE:
        raise ReportError("Alleen een rapportage die bij de kandidaat ligt kan terug naar concept.")
    _take_step(report, ProgressReport.status == ReportStatus.WITH_CANDIDATE.value,
               status=ReportStatus.DRAFT.value, sent_at=None, response_due=None, candidate_agreed_at=None,
               candidate_responded_at=None, candidate_response="")
    _audit(report, "terug naar concept")


def candidate_agrees(report: ProgressReport) -> None:
    _candidate_step(report, candidate_agreed_at=utcnow())
    _audit(report, "kandidaat akkoord")
    _tell_advisors(report, f"{report.title}: de kandidaat is akkoord")


def candidate_responds(report: ProgressReport, text: str) -> None:
    _candidate_step(report, candidate_response=text.strip(), candidate_responded_at=utcnow())
    _audit(report, "zienswijze van de kandidaat toegevoegd")
    _tell_advisors(report, f"{report.title}: reactie van de kandidaat")


def _candidate_step(report: ProgressReport, **values) -> None:
    if report.status != ReportStatus.WITH_CANDIDATE:
        raise ReportError("Op deze rapportage kun je niet meer reageren.")
    if report.candidate_agreed_at or report.candidate_responded_at:
        raise ReportError("Je hebt al gereageerd op deze rapportage.")
    _take_step(report, ProgressReport.status == ReportStatus.WITH_CANDIDATE.value,
               ProgressReport.candidate_agreed_at.is_(None), ProgressReport.candidate_responded_at.is_(None),
               message="Op deze rapportage kun je niet meer reageren.", **values)


def _take_step(report: ProgressReport, *conditions, message: str = "", **values) -> None:
    """Take one step of the release flow only from the state this request read: one conditional
    UPDATE, so of two requests (or a request and the release job) that start from the same
    state only one moves on (PostgreSQL re-checks the condition after waiting for the row);
    the other gets a ReportError and changes nothing."""
    moved = db.session.execute(
        update(ProgressReport).where(ProgressReport.id == report.id, *conditions).values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise ReportError(message or "Deze rapportage is intussen veranderd. Bekijk haar opnieuw.")
    db.session.refresh(report)


def _tell_advisors(report: ProgressReport, title: str) -> None:
    """The advisors may release now: the candidate answered."""
    report_to_read(report, list(report.trajectory.advisors), f"/rapportages/{report.id}", title)


def candidate_has_answered(report: ProgressReport) -> bool:
    return bool(report.candidate_agreed_at or report.candidate_responded_at)


def may_release(report: ProgressReport, today: date) -> bool:
    """After the candidate agreed or responded, or once the response time is over."""
    return report.status == ReportStatus.WITH_CANDIDATE and (
        candidate_has_answered(report) or (report.response_due is not None and today > report.response_due))


def mark_released(report: ProgressReport, by: User, *, code: str, sha256: str, file_path: str,
                  size: int, figures: dict) -> None:
    """Called by `casefile.progress_report.release` (in the release job) once the PDF is stored."""
    # Released from exactly the state the PDF was made of: still with the candidate and her answer
    # (agreed, responded or neither) unchanged; a second run of the job (a stale one reclaimed)
    # or a "terug naar concept" that came first makes this fail, and the caller drops its file.
    def answered(column, value):
        return column.is_(None) if value is None else column.is_not(None)

    _take_step(report, ProgressReport.status == ReportStatus.WITH_CANDIDATE.value,
               answered(ProgressReport.candidate_agreed_at, report.candidate_agreed_at),
               answered(ProgressReport.candidate_responded_at, report.candidate_responded_at),
               message="Deze rapportage is intussen veranderd; ze is niet vrijgegeven.",
               status=ReportStatus.RELEASED.value, released_at=report.released_at or utcnow(),
               released_by_id=by.id, verification_code=code, sha256=sha256, file_path=file_path,
               size_bytes=size, figures=figures)
    _audit(report, f"vrijgegeven aan de werkgever, verificatiecode {report.display_code}", user=by)
    employer_users = list(db.session.scalars(select(User).where(
        User.organisation_id == report.trajectory.employer_id, User.role == Role.EMPLOYER, User.active.is_(True))))
    report_to_read(report, employer_users, f"/rapportages/{report.id}")


def confirm_receipt(report: ProgressReport, by: User) -> bool:
    """The employer confirms receipt; False when it was confirmed before."""
    if report.status != ReportStatus.RELEASED:
        raise ReportError("Deze rapportage is nog niet vrijgegeven.")
    if report.received_at is not None:
        return False
    report.received_at = utcnow()
    report.received_by = by
    _audit(report, "ontvangst bevestigd door de werkgever")
    return True


def start_correction(report: ProgressReport, author: User, note: str) -> ProgressReport:
    """A new draft that corrects a released report: same period and kind, its texts copied."""
    if report.status != ReportStatus.RELEASED:
        raise ReportError("Alleen een vrijgegeven rapportage wordt gecorrigeerd; een concept pas je gewoon aan.")
    # One correction per released version: the row lock (PostgreSQL) makes a second request wait
    # and then see the first one's correction.
    db.session.execute(select(ProgressReport.id).where(ProgressReport.id == report.id).with_for_update())
    if corrected_by(report) is not None:
        raise ReportError("Van deze versie bestaat al een correctie. Werk die bij in plaats van een nieuwe te starten.")
    correction = ProgressReport(trajectory=report.trajectory, kind=report.kind, number=report.number,
                                period_start=report.period_start, period_end=report.period_end,
                                created_by=author, corrects=report, correction_note=note.strip(),
                                status=ReportStatus.DRAFT.value)
    db.session.add(correction)
    for key, text in latest_texts(report).items():
        correction.texts.append(ReportText(section=key, text=text.text, choice=text.choice, author=author))
    db.session.flush()
    _audit(correction, f"correctie gestart van de versie met code {report.display_code}")
    return correction


def corrected_by(report: ProgressReport) -> ProgressReport | None:
    return db.session.scalar(select(ProgressReport).where(ProgressReport.corrects_id == report.id)
                             .order_by(ProgressReport.id.desc()))


# --- notifications --------------------------------------------------------------------------

def report_to_read(report: ProgressReport, users: list[User], path: str, title: str = "") -> None:
    """Tell each user there is a report (or a response to one) to read, through the one
    notification service (each person's preference: in the portal, by e-mail or both)."""
    from portal.timeline import events

    # Once per step; sending again after "terug naar concept" is a new step.
    sent = int(report.sent_at.timestamp()) if report.sent_at else 0
    step = f"{report.status}:{sent}:{'answer' if candidate_has_answered(report) else 'read'}"
    events.report_to_read(
        report.trajectory, f"{report.id}:{step}", title or f"{report.title} om te lezen", path, users,
        lines=[f"Periode {report.period_start:%d-%m-%Y} t/m {report.period_end:%d-%m-%Y}."],
    )
