"""Progress reports: the bureau drafts, the candidate responds, the employer receives and confirms."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from portal import employer_gate
from portal.auth.models import Role
from portal.background import services as background
from portal.background.page import JobPage, render_job
from portal.casefile import progress_report as casefile
from portal.clock import local_today
from portal.core.templating import date_nl
from portal.domain import reporting
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.policy import current_trajectory, has_role, require, role_required, trajectory_or_404
from portal.progress_reports import bp, services
from portal.progress_reports.forms import CorrectionForm, NewReportForm, ReportTextForm, ResponseForm, text_fields
from portal.progress_reports.models import ProgressReport, ReportKind, sections_for
from portal.registry import add_nav
from portal.reports import services as overview_services
from portal.security import ratelimit

STAFF = (Role.ADVISOR, Role.ADMIN)


def _report_or_404(report_id: int, permission: str = "progress.view") -> ProgressReport:
    """The report when this user may see it in its current state; 404 otherwise."""
    report = db.session.get(ProgressReport, report_id) or abort(404)
    if not services.visible_to(current_user, report):  # before require(): a 404 is no recorded access
        abort(404)
    require(current_user, permission, report.trajectory)
    return report


def _due(trajectory, today):
    covered = services.covered_until([trajectory.id]).get(trajectory.id)
    return covered, services.due_for(trajectory, covered, today)


# --- the bureau: list and new ----------------------------------------------------------------

def _list_page(trajectory, form=None, status=200):
    today = local_today()
    covered, due = _due(trajectory, today)
    default = reporting.default_period(trajectory.spoor2_start, covered, due, today)
    reports = services.reports_of(trajectory)
    return render_template("progress_reports/trajectory.html", trajectory=trajectory, reports=reports, due=due,
                           default=default, form=form or NewReportForm(),
                           end_due=services.end_report_due(trajectory, reports, today), today=today), status


# One rule for both methods: with two, a forged id (too large for an id) answers 405, not 404.
@bp.route("/trajecten/<int:trajectory_id>/rapportages", methods=["GET", "POST"])
@role_required(*STAFF)
def trajectory_reports(trajectory_id: int):
    if request.method == "GET":
        return _list_page(trajectory_or_404(trajectory_id, "progress.view", people=True))
    if not has_role(current_user, Role.ADVISOR):  # only advisors write reports
        abort(404)
    return _create(trajectory_or_404(trajectory_id, "progress.write", people=True))


def _create(trajectory):
    form = NewReportForm()
    today = local_today()
    covered, due = _due(trajectory, today)
    if form.kind.data == ReportKind.FINAL:  # the end report covers the whole trajectory
        default = (trajectory.spoor2_start, min(trajectory.closed_on or today, today))
    else:
        default = reporting.default_period(trajectory.spoor2_start, covered, due, today)
    period = form.check_period(trajectory, default, today) if form.validate_on_submit() else None
    if period is None:
        return _list_page(trajectory, form)
    report = services.create_report(trajectory, current_user, form.kind.data, *period)
    db.session.commit()
    flash(f"{report.title} is aangemaakt als concept. De cijfers vullen zich vanzelf; schrijf de teksten per onderdeel.",
          "success")
    return redirect(url_for("progress_reports.show", report_id=report.id))


# --- one report (every role, in what it may see) ----------------------------------------------

def _version(report: ProgressReport) -> int:
    return report.texts[-1].id if report.texts else 0


def _stored_form(report: ProgressReport) -> ReportTextForm:
    latest = services.latest_texts(report)
    values = {key: text.text for key, text in latest.items()}
    judgement = latest.get("judgement")
    return ReportTextForm(formdata=None, version=_version(report), choice=judgement.choice if judgement else None,
                          **values)


def _visible(report: ProgressReport | None) -> ProgressReport | None:
    return report if report is not None and services.visible_to(current_user, report) else None


def _page(report: ProgressReport, text_form=None, response_form=None, correction_form=None, status=200):
    today = local_today()
    facts = casefile.report_facts(report, today)
    return render_template(
        "progress_reports/report.html", report=report, trajectory=report.trajectory, facts=facts,
        ov=facts.overview, totals=facts.totals, texts=services.latest_texts(report),
        history=services.text_history(report) if has_role(current_user, *STAFF) else {},
        judgement=services.judgement(report), text_form=text_form or _stored_form(report),
        text_fields=text_fields(text_form or _stored_form(report), report.kind),
        sections=sections_for(report.kind),
        response_form=response_form or ResponseForm(), correction_form=correction_form or CorrectionForm(),
        action_form=ActionForm(), today=today, may_release=services.may_release(report, today),
        missing=services.missing_sections(report) if report.is_draft else [],
        corrected_by=_visible(services.corrected_by(report)),
        freshness=casefile.freshness(report) if report.is_released else None,
        answered=services.candidate_has_answered(report),
        releasing=background.active(casefile.release_key(report)) if report.status == "with_candidate" else None,
    ), status


@bp.get("/rapportages/<int:report_id>")
@login_required
def show(report_id: int):
    return _page(_report_or_404(report_id))


@bp.post("/rapportages/<int:report_id>/teksten")
@role_required(Role.ADVISOR)
def save_texts(report_id: int):
    report = _report_or_404(report_id, "progress.write")
    if not report.is_draft:
        flash("Deze rapportage is niet meer in concept en kan niet worden gewijzigd.", "error")
        return redirect(url_for("progress_reports.show", report_id=report.id))
    form = ReportTextForm()
    fields = text_fields(form, report.kind)
    if form.is_submitted() and refuse_stale(form, _version(report), _stored_form(report)):
        form.validate()
        return _page(report, text_form=form)
    if not (form.validate_on_submit() and employer_gate.passes(form, fields, report.trajectory, services.NARRATIVE)):
        return _page(report, text_form=form)
    changed = services.save_texts(report, current_user, {f.name: f.data for f in fields}, choice=form.choice.data or "")
    db.session.commit()
    flash(f"Opgeslagen: {changed} onderde{'el' if changed == 1 else 'len'} gewijzigd. Eerdere versies blijven bewaard."
          if changed else "Er was niets gewijzigd.", "success")
    return redirect(url_for("progress_reports.show", report_id=report.id))


def _step(report: ProgressReport, action, success: str):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("progress_reports.show", report_id=report.id))
    try:
        action()
    except services.ReportError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("progress_reports.show", report_id=report.id))
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("progress_reports.show", report_id=report.id))


@bp.post("/rapportages/<int:report_id>/versturen")
@role_required(Role.ADVISOR)
def send(report_id: int):
    report = _report_or_404(report_id, "progress.write")
    return _step(report, lambda: services.send_to_candidate(report, local_today()),
                 "De rapportage staat klaar voor de kandidaat. Die krijgt een melding en kan reageren.")


@bp.post("/rapportages/<int:report_id>/terug-naar-concept")
@role_required(Role.ADVISOR)
def back_to_draft(report_id: int):
    report = _report_or_404(report_id, "progress.write")
    if (refused := _release_running(report)) is not None:
        return refused
    return _step(report, lambda: services.back_to_draft(report), "De rapportage is weer een concept.")


def _release_running(report: ProgressReport):
    """While the release job makes the PDF, the report's state may not change under it."""
    if background.active(casefile.release_key(report)) is None:
        return None
    flash("De rapportage wordt op dit moment vrijgegeven; wacht tot dat klaar is.", "error")
    return redirect(url_for("progress_reports.show", report_id=report.id))


@bp.post("/rapportages/<int:report_id>/vrijgeven")
@role_required(Role.ADVISOR)
def release(report_id: int):
    """Queue the release: the job renders and stores the PDF and only then releases the report."""
    report = _report_or_404(report_id, "progress.write")
    back = redirect(url_for("progress_reports.show", report_id=report.id))
    if not ActionForm().validate_on_submit():
        return back
    in_progress = background.active(casefile.release_key(report))
    if in_progress is not None:  # clicked again while it is being made: the same job
        return _to_job(in_progress)
    if report.is_released:
        flash("Deze rapportage is al vrijgegeven.", "info")
        return back
    today = local_today()
    if not services.may_release(report, today):
        flash("Vrijgeven kan pas als de kandidaat heeft gereageerd of akkoord is, of als de reactietermijn voorbij is.",
              "error")
        return back
    if not ratelimit.allow_work("overview", current_user):
        flash(ratelimit.BUSY, "error")
        return back
    job = background.enqueue(casefile.RELEASE_JOB, casefile.release_params(report, current_user, today),
                             key=casefile.release_key(report), user=current_user)
    db.session.commit()
    background.dispatch(job)
    return _to_job(job)


def _to_job(job):
    return redirect(url_for("progress_reports.job", job_id=job.id), code=303)


@bp.post("/rapportages/<int:report_id>/correctie")
@role_required(Role.ADVISOR)
def correct(report_id: int):
    report = _report_or_404(report_id, "progress.write")
    form = CorrectionForm()
    if not (form.validate_on_submit() and employer_gate.passes(form, ["note"], report.trajectory, services.CORRECTION)):
        return _page(report, correction_form=form)
    try:
        correction = services.start_correction(report, current_user, form.note.data)
    except services.ReportError as error:
        flash(str(error), "error")
        return redirect(url_for("progress_reports.show", report_id=report.id))
    db.session.commit()
    flash("Een nieuwe versie staat klaar als concept. De vrijgegeven versie blijft zoals ze is.", "success")
    return redirect(url_for("progress_reports.show", report_id=correction.id))


# --- the candidate ------------------------------------------------------------------------

@bp.post("/rapportages/<int:report_id>/akkoord")
@role_required(Role.CANDIDATE)
def agree(report_id: int):
    report = _report_or_404(report_id, "progress.respond")
    if (refused := _release_running(report)) is not None:
        return refused
    return _step(report, lambda: services.candidate_agrees(report),
                 "Dank je. Je adviseur ziet dat je akkoord bent met de rapportage.")


@bp.post("/rapportages/<int:report_id>/zienswijze")
@role_required(Role.CANDIDATE)
def respond(report_id: int):
    report = _report_or_404(report_id, "progress.respond")
    if (refused := _release_running(report)) is not None:
        return refused
    form = ResponseForm()
    if not (form.validate_on_submit() and employer_gate.passes(form, ["text"], report.trajectory, services.RESPONSE)):
        return _page(report, response_form=form)
    return _step(report, lambda: services.candidate_responds(report, form.text.data),
                 "Je reactie is bewaard. Ze komt bij de rapportage die je werkgever krijgt.")


@bp.get("/mijn-traject/rapportages")
@role_required(Role.CANDIDATE)
def mine():
    trajectory = current_trajectory(current_user)
    reports = services.reports_for(current_user, trajectory) if trajectory else []
    return render_template("progress_reports/mine.html", trajectory=trajectory, reports=reports)


# --- the employer ---------------------------------------------------------------------------

@bp.post("/rapportages/<int:report_id>/ontvangen")
@role_required(Role.EMPLOYER)
def confirm_receipt(report_id: int):
    report = _report_or_404(report_id, "progress.confirm")
    return _step(report, lambda: services.confirm_receipt(report, current_user),
                 "Dank u. De ontvangst is bevestigd en vastgelegd.")


@bp.get("/werkgever/rapportages")
@role_required(Role.EMPLOYER)
def employer_list():
    """Every released report and every shared activity overview of the organisation's trajectories."""
    from portal.employer.services import employer_trajectories

    trajectories = employer_trajectories(current_user)
    released = services.released_reports([t.id for t in trajectories])
    overviews = overview_services.shared_overviews_for([t.id for t in trajectories])
    return render_template("progress_reports/employer.html", trajectories=trajectories, released=released,
                           overviews=overviews)


# --- the PDF ------------------------------------------------------------------------------------

def _send_pdf(report: ProgressReport, content: bytes, download_name: str):
    from portal import audit

    audit.record("export", report.trajectory, detail=f"{report.title} PDF {report.display_code or 'voorbeeld'}")
    response = send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                         download_name=download_name)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/rapportages/<int:report_id>/pdf")
@login_required
def pdf(report_id: int):
    """A released report: the stored file (its hash verifies). Nothing is rendered here: a
    preview of an unreleased one is made by a job (POST .../voorbeeld)."""
    report = _report_or_404(report_id)
    content = casefile.stored_pdf(report) if report.is_released else None
    if content is None:
        abort(404)
    return _send_pdf(report, content, report.filename)


@bp.post("/rapportages/<int:report_id>/voorbeeld")
@login_required
def preview(report_id: int):
    """Queue a preview PDF of a report before its release (a released one has its stored file)."""
    report = _report_or_404(report_id)
    if report.is_released:
        return redirect(url_for("progress_reports.pdf", report_id=report.id), code=303)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("progress_reports.show", report_id=report.id))
    params = casefile.preview_params(report, current_user, local_today())
    key = casefile.preview_key(params)
    in_progress = background.active(key)
    if in_progress is not None:
        return _to_job(in_progress)
    if not ratelimit.allow_work("overview", current_user):
        flash(ratelimit.BUSY, "error")
        return redirect(url_for("progress_reports.show", report_id=report.id))
    job = background.enqueue(casefile.PREVIEW_JOB, params, key=key, user=current_user)
    db.session.commit()
    background.dispatch(job)
    return _to_job(job)


def _job_or_404(job_id: int):
    """A report's job, for the person who asked for it, while that person may see the report."""
    job = background.get(job_id)
    if job is None or job.kind not in (casefile.RELEASE_JOB, casefile.PREVIEW_JOB):
        abort(404)
    if job.kind == casefile.RELEASE_JOB:  # the report's advisors follow one release together
        return job, _report_or_404(job.params["report_id"], "progress.write")
    if job.requested_by_id != current_user.id:
        abort(404)
    return job, _report_or_404(job.params["report_id"])


@bp.get("/rapportages/taken/<int:job_id>")
@login_required
def job(job_id: int):
    """Progress of a release or preview, then the PDF; polled by portal.js, refreshed without JS."""
    job, report = _job_or_404(job_id)
    background.nudge(job)
    trajectory = report.trajectory
    common = dict(
        context=f"{trajectory.reference} · {trajectory.candidate.name} · {trajectory.employer.name}",
        back_url=url_for("progress_reports.show", report_id=report.id), back_label="Naar de rapportage",
        lead=f"{report.title}, periode {date_nl(report.period_start)} tot en met {date_nl(report.period_end)}.",
    )
    if job.kind == casefile.RELEASE_JOB:
        page = JobPage(
            title=f"Rapportage wordt vrijgegeven · {trajectory.reference}", heading="Rapportage vrijgeven",
            subject="De PDF van de rapportage", result_noun="de vrijgegeven rapportage", **common,
            done_text="De rapportage is vrijgegeven aan de werkgever en ligt nu vast." if report.is_released else "",
            code=report.display_code,
            download_url=url_for("progress_reports.pdf", report_id=report.id) if report.is_released else "",
            download_label=f"PDF downloaden ({round((report.size_bytes or 0) / 1024)} kB)",
            failed_text="De PDF kon niet worden gemaakt. De rapportage is niet vrijgegeven en ligt nog bij de "
                        "kandidaat. Probeer het opnieuw; lukt het dan nog niet, neem contact op met het bureau.",
            retry_url=url_for("progress_reports.release", report_id=report.id) if report.status == "with_candidate" else "",
        )
    else:
        page = JobPage(
            title=f"Voorbeeld wordt gemaakt · {trajectory.reference}", heading="Voorbeeld als PDF",
            subject="Het voorbeeld", **common,
            done_text="Het voorbeeld is klaar. Het is geen vrijgegeven rapportage en heeft geen verificatiecode.",
            download_url=url_for("progress_reports.preview_file", job_id=job.id),
            download_label=f"Voorbeeld downloaden ({round(((job.result or {}).get('size') or 0) / 1024)} kB)",
            failed_text="Het voorbeeld kon niet worden gemaakt. Probeer het opnieuw; lukt het dan nog niet, "
                        "neem contact op met het bureau.",
            retry_url=url_for("progress_reports.preview", report_id=report.id),
        )
    return render_job(job, page)


@bp.get("/rapportages/taken/<int:job_id>/bestand")
@login_required
def preview_file(job_id: int):
    job, report = _job_or_404(job_id)
    content = casefile.stored_preview(job.result) if job.kind == casefile.PREVIEW_JOB and job.done else None
    if content is None:
        abort(404)
    return _send_pdf(report, content, f"concept-{report.filename}")


add_nav("Rapportages", "progress_reports.employer_list", [Role.EMPLOYER], order=16)
add_nav("Rapportages", "progress_reports.mine", [Role.CANDIDATE], order=35)


def _staff_panel(user):
    """Advisors: whose progress report is due within a week or overdue."""
    from portal.trajectory.models import TrajectoryStatus
    from portal.trajectory.services import trajectories_for

    if not has_role(user, Role.ADVISOR):
        return None
    today = local_today()
    running = [t for t in trajectories_for(user) if t.status in (TrajectoryStatus.ACTIVE, TrajectoryStatus.PAUSED)]
    covered = services.covered_until([t.id for t in running])
    rows = [(t, due) for t in running if (due := services.due_for(t, covered.get(t.id), today)) and due.needs_attention]
    rows.sort(key=lambda row: row[1].due_on)
    return {"rows": rows[:8]}


from portal.progress_reports.demo import seed_progress_reports  # noqa: E402
from portal.registry import add_demo_seeder, add_home_panel  # noqa: E402

background.register(casefile.RELEASE_JOB, casefile.release_in_background)
background.register(casefile.PREVIEW_JOB, casefile.preview_in_background)
add_home_panel("progress_reports/_panel_staff.html", [Role.ADVISOR], _staff_panel, order=55)
add_demo_seeder("progress_reports", seed_progress_reports, order=95)
