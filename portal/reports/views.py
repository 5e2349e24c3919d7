"""Activity overviews: download (employer and bureau), the advisor's summary, public verification."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from portal import employer_gate
from portal.background import services as background
from portal.background.page import JobPage, render_job
from portal.casefile import issued
from portal.clock import local_today
from portal.core.templating import date_nl
from portal.diary import services as diary
from portal.domain import bounds
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.policy import can, require, trajectory_or_404
from portal.reports import bp, services
from portal.reports.forms import OverviewForm, SummaryForm, VerifyForm
from portal.reports.models import GeneratedOverview, OverviewFormat, OverviewSummary
from portal.security import ratelimit
from portal.timeline import events

VERIFY_UPLOAD_MAX = 20 * 1024 * 1024


def _send(content: bytes, record: GeneratedOverview):
    import io

    from portal import audit

    audit.record(
        "export", record.trajectory,
        detail=f"Activiteitenoverzicht {record.format_enum.label} {record.verification_code}",
    )
    response = send_file(io.BytesIO(content), mimetype=record.format_enum.mimetype, as_attachment=True,
                         download_name=record.filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page(trajectory, form=None, summary_form=None, status=200):
    today = local_today()
    history = services.summary_history(trajectory) if can(current_user, "overview.summarise", trajectory) else []
    shared_summary = services.latest_summary(trajectory, shared_only=True)
    overviews = services.overviews_for(trajectory, current_user)
    return render_template(
        "reports/trajectory.html",
        trajectory=trajectory,
        form=form or OverviewForm(),
        summary_form=summary_form or SummaryForm(text=history[0].text if history else "",
                                                 version=_summary_version(trajectory)),
        action_form=ActionForm(),
        history=history,
        shared_summary=shared_summary,
        overviews=overviews,
        freshness=issued.freshness(trajectory, overviews),
        today=today,
    ), status


@bp.route("/trajecten/<int:trajectory_id>/overzicht", methods=["GET", "POST"])
@login_required
def trajectory_overview(trajectory_id: int):
    """The overview page of one trajectory; POST generates, stores and downloads a file."""
    trajectory = trajectory_or_404(trajectory_id, "overview.view")
    if request.method == "GET":
        return _page(trajectory)
    require(current_user, "overview.download", trajectory)
    # The employer page renders one form per trajectory, each with its own field prefix.
    prefix = f"t{trajectory.id}"
    form = OverviewForm(prefix=prefix) if f"{prefix}-format" in request.form else OverviewForm()
    today = local_today()
    period = form.check_period(trajectory, today) if form.validate_on_submit() else None
    return _generate(trajectory, form, period, _requested(form.format.data) if period else None, today)


def _requested(fmt: str | None) -> OverviewFormat:
    """The stored format a request asks for (`?dialect=machine` for systems); 404 for none."""
    return OverviewFormat.requested(fmt or "", request.values.get("dialect")) or abort(404)


def _generate(trajectory, form: OverviewForm, period, fmt: OverviewFormat | None, today):
    """Generate, store and send one overview; limited per user, because each one costs real work."""
    if period is None:
        return _page(trajectory, form=form)
    cap = current_app.config.get("EXPORT_MAX_ROWS", bounds.EXPORT_MAX_ROWS)
    too_many = bounds.too_many_entries(diary.count_entries(trajectory, *period), cap)
    if too_many:  # counted before anything is built or rendered
        form.start.errors = [*form.start.errors, too_many]
        return _page(trajectory, form=form)
    params = issued.job_params(trajectory, current_user, *period, fmt, today)
    in_progress = background.active(issued.job_key(params)) if fmt == OverviewFormat.PDF else None
    if in_progress is not None:  # asked again while it is being made
        return _to_job(in_progress)
    if not ratelimit.allow_work("overview", current_user):
        form.format.errors = [*form.format.errors, ratelimit.BUSY]
        return _page(trajectory, form=form, status=429)
    if fmt == OverviewFormat.PDF:  # seconds of rendering: a worker makes it, the page shows progress
        job = background.enqueue(issued.JOB_KIND, params, key=issued.job_key(params), user=current_user)
        db.session.commit()
        background.dispatch(job)
        return _to_job(job)
    record, content = issued.generate_overview(trajectory, current_user, *period, fmt.value, today)
    db.session.commit()
    return _send(content, record)


def _to_job(job):
    return redirect(url_for("reports.overview_job", job_id=job.id), code=303)


@bp.get("/overzichten/taken/<int:job_id>")
@login_required
def overview_job(job_id: int):
    """Progress of a queued overview, then its download link; polled by portal.js, refreshed without JS."""
    job = background.get(job_id)
    if job is None or job.kind != issued.JOB_KIND or job.requested_by_id != current_user.id:
        abort(404)
    trajectory = trajectory_or_404(job.params["trajectory_id"], "overview.download")
    background.nudge(job)
    record = None
    if job.done:
        record = db.session.get(GeneratedOverview, job.result["overview_id"])
        if record is None or not services.may_download(current_user, record):
            abort(404)
    start, end = date.fromisoformat(job.params["start"]), date.fromisoformat(job.params["end"])
    return render_job(job, JobPage(
        title=f"Overzicht wordt gemaakt · {trajectory.reference}", heading="Activiteitenoverzicht als PDF",
        context=f"{trajectory.reference} · {trajectory.employer.name}",
        back_url=url_for("reports.trajectory_overview", trajectory_id=trajectory.id), back_label="Naar de overzichten",
        subject="Het overzicht", lead=f"Periode {date_nl(start)} tot en met {date_nl(end)}.",
        done_text="Het overzicht is klaar.", code=record.display_code if record else "",
        download_url=url_for("reports.download_stored", overview_id=record.id) if record else "",
        download_label=f"PDF downloaden ({round(record.size_bytes / 1024)} kB)" if record else "",
        failed_text="Het overzicht kon niet worden gemaakt. Probeer het opnieuw; lukt het dan nog niet, "
                    "neem contact op met het bureau.",
        retry_url=url_for("reports.trajectory_overview", trajectory_id=trajectory.id),
        retry_fields={"start": start.isoformat(), "end": end.isoformat(), "format": job.params["format"]},
    ))


@bp.route("/trajecten/<int:trajectory_id>/overzicht.<fmt>", methods=["GET", "POST"])
@login_required
def download(trajectory_id: int, fmt: str):
    """POST start=&end= (ISO dates, optional) generates a stored, verifiable file.

    `overzicht.csv` is the ZIP of CSV tables for people; `overzicht.csv?dialect=machine` the
    comma CSV of codes for systems (docs/overview-columns.md). A GET (an old bookmark, a
    crawler, a prefetch) generates nothing: it leads to the overview page. Files already made
    stay downloadable by GET through download_stored.
    """
    trajectory = trajectory_or_404(trajectory_id, "overview.download")
    requested = _requested(fmt)
    if request.method == "GET":
        flash("Kies de periode en klik op 'Download' om een nieuw overzicht te maken.", "info")
        return redirect(url_for("reports.trajectory_overview", trajectory_id=trajectory.id))
    form = OverviewForm()
    form.format.data = fmt if fmt in dict(form.format.choices) else form.format.default
    today = local_today()
    period = form.check_period(trajectory, today) if form.validate_on_submit() else None
    return _generate(trajectory, form, period, requested, today)


@bp.post("/trajecten/<int:trajectory_id>/overzicht/samenvatting")
@login_required
def save_summary(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "overview.summarise")
    form = SummaryForm()
    latest = services.latest_summary(trajectory, shared_only=False)
    stored = SummaryForm(formdata=None, text=latest.text if latest else "", share=form.share.data)
    stale = form.is_submitted() and refuse_stale(form, _summary_version(trajectory), stored)
    if stale:
        form.validate()  # a refused stale save still shows its own problems
        return _page(trajectory, summary_form=form)
    if not (form.validate_on_submit() and employer_gate.passes(form, ["text"], trajectory, services.SUMMARY)):
        return _page(trajectory, summary_form=form)
    services.save_summary(trajectory, current_user, form.text.data, share=form.share.data)
    db.session.commit()
    flash("De samenvatting is gedeeld met de werkgever." if form.share.data
          else "De samenvatting is opgeslagen. De werkgever ziet haar pas als je haar deelt.", "success")
    return redirect(url_for("reports.trajectory_overview", trajectory_id=trajectory.id))


def _summary_version(trajectory) -> int:
    """The summary's version for the form: the id of its newest version (0 before the first)."""
    latest = services.latest_summary(trajectory, shared_only=False)
    return latest.id if latest else 0


def _summary_or_404(summary_id: int):
    summary = db.session.get(OverviewSummary, summary_id) or abort(404)
    return summary, require(current_user, "overview.summarise", summary.trajectory)


@bp.post("/samenvattingen/<int:summary_id>/delen")
@login_required
def share_summary(summary_id: int):
    summary, trajectory = _summary_or_404(summary_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("reports.trajectory_overview", trajectory_id=trajectory.id))
    # An older version may predate the gate: one that looks medical goes back into the form.
    form = SummaryForm(formdata=None, text=summary.text, share=True)
    if not employer_gate.passes(form, ["text"], trajectory, services.SUMMARY):
        return _page(trajectory, summary_form=form)
    services.share_summary(summary)
    db.session.commit()
    flash("De samenvatting is gedeeld met de werkgever.", "success")
    return redirect(url_for("reports.trajectory_overview", trajectory_id=trajectory.id))


@bp.post("/samenvattingen/<int:summary_id>/intrekken")
@login_required
def retract_summary(summary_id: int):
    """Withdraw a summary from the employer's view and from every later file."""
    summary, trajectory = _summary_or_404(summary_id)
    if ActionForm().validate_on_submit() and services.retract_summary(summary):
        db.session.commit()
        flash("De samenvatting is ingetrokken. De werkgever ziet alleen dat ze is ingetrokken.", "success")
    return redirect(url_for("reports.trajectory_overview", trajectory_id=trajectory.id))


@bp.post("/overzichten/<int:overview_id>/delen")
@login_required
def share_overview(overview_id: int):
    record = db.session.get(GeneratedOverview, overview_id) or abort(404)
    require(current_user, "overview.summarise", record.trajectory)
    if ActionForm().validate_on_submit():
        services.share_overview(record)
        events.overview_shared(
            record.trajectory, record.id, f"{date_nl(record.period_start)} tot en met {date_nl(record.period_end)}",
            url_for("reports.trajectory_overview", trajectory_id=record.trajectory_id))
        db.session.commit()
        flash("Het overzicht is gedeeld met de werkgever.", "success")
    return redirect(url_for("reports.trajectory_overview", trajectory_id=record.trajectory_id))


@bp.get("/overzichten/<int:overview_id>/bestand")
@login_required
def download_stored(overview_id: int):
    """The stored file, exactly as it was generated (so its hash still matches)."""
    record = db.session.get(GeneratedOverview, overview_id) or abort(404)
    require(current_user, "overview.download", record.trajectory)
    if not services.may_download(current_user, record):
        abort(404)
    content = services.stored_content(record)
    if content is None:
        abort(404)
    return _send(content, record)


def _lookup_allowed() -> bool:
    """Count one code lookup for this client address (the security feature's shared limiter)."""
    from portal.security import ratelimit

    return ratelimit.hit("verify-address", ratelimit.client_address())


def _verify_page(form, result=None, not_found=False, limited=False, status=200):
    return render_template("reports/verify.html", form=form, result=result, not_found=not_found, limited=limited,
                           formats=OverviewFormat, base_url=current_app.config.get("BASE_URL", "")), status


@bp.route("/controle", methods=["GET", "POST"])
def verify():
    """Public: confirm an overview is genuine with its code, optionally comparing the file.

    Lookups are rate-limited per client address so codes cannot be found by trying many.
    """
    form = VerifyForm()
    result, not_found = None, False
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:40]
        if not _lookup_allowed():
            return _verify_page(form, limited=True, status=429)
        result = issued.verify(form.code.data)
        not_found = result is None
    elif form.validate_on_submit():
        uploaded = None
        storage = form.file.data
        if storage and getattr(storage, "filename", ""):
            uploaded = storage.read(VERIFY_UPLOAD_MAX + 1)
            if len(uploaded) > VERIFY_UPLOAD_MAX:
                form.file.errors = ["Dit bestand is te groot om te vergelijken."]
                return _verify_page(form)
        if not _lookup_allowed():
            return _verify_page(form, limited=True, status=429)
        result = issued.verify(form.code.data, uploaded)
        not_found = result is None
    return _verify_page(form, result=result, not_found=not_found)


def _staff_panel(user):
    """Advisors and admins: where to make and share overviews."""
    from portal.trajectory.services import trajectories_for

    items = trajectories_for(user)
    if not items:
        return None
    return {"trajectories": items[:8], "count": len(items)}


from portal.registry import add_demo_seeder, add_home_panel  # noqa: E402
from portal.reports.demo import seed_overviews  # noqa: E402

add_home_panel("reports/_panel_staff.html", ["advisor", "admin"], _staff_panel, order=60)
add_demo_seeder("reports.overviews", seed_overviews, order=90)
background.register(issued.JOB_KIND, issued.generate_in_background)
