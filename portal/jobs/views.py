"""Views of the job board: search, vacancy pages, staff editing and import, the candidate's
saved list, pasting a vacancy found elsewhere, recommendations and the search profile."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.auth.models import Role
from portal.auth.services import is_safe_next
from portal.clock import local_today
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.jobs import bp, places
from portal.jobs import services as jobs
from portal.jobs.fetch import FetchError, fetch_page
from portal.jobs.forms import (
    AppliedForm,
    ConfirmPastedForm,
    ImportForm,
    PasteForm,
    RecommendForm,
    SearchProfileForm,
    VacancyForm,
)
from portal.jobs.importing import import_records
from portal.jobs.jobposting import FeedError, jobpostings_in_html, parse_file
from portal.jobs.models import EducationLevel, Sector, Vacancy, VacancyStatus
from portal.jobs.plaintext import extract_fields, html_heading, text_from_html
from portal.jobs.rules import Fit, apply_hints, euro, fit, fit_rank, haversine_km
from portal.jobs.search import DISTANCES, POSTED_WITHIN, SORTS, SearchParams, search_vacancies
from portal.policy import (
    can,
    can_use_job_board,
    current_trajectory,
    has_role,
    require,
    role_required,
    trajectory_or_404,
    visible_trajectories,
)
from portal.registry import add_home_panel, add_nav
from portal.security import ratelimit
from portal.trajectory.models import Trajectory, TrajectoryStatus


def _board_user():
    if not can_use_job_board(current_user):
        abort(404)


def _vacancy_or_404(vacancy_id: int) -> Vacancy:
    """A vacancy this user may read: public ones for the job board, private ones for their trajectory."""
    _board_user()
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None:
        abort(404)
    if vacancy.owner_trajectory_id is not None:
        require(current_user, "jobs.view", db.session.get(Trajectory, vacancy.owner_trajectory_id))
    return vacancy


def _public_vacancy_or_404(vacancy_id: int) -> Vacancy:
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.owner_trajectory_id is not None:
        abort(404)
    return vacancy


def _own_trajectory() -> Trajectory:
    trajectory = current_trajectory(current_user)
    if trajectory is None:
        abort(404)
    return require(current_user, "jobs.view", trajectory)


# --- search and vacancy page ------------------------------------------------------------

@bp.get("/vacatures")
@login_required
def index():
    """Search the job board; a candidate sees how each vacancy fits their search profile."""
    _board_user()
    params = SearchParams.from_args(request.args)
    trajectory = current_trajectory(current_user)
    caseload, candidate_trajectory = [], None
    if has_role(current_user, Role.ADVISOR):
        caseload = _open_caseload()
        candidate_trajectory = _chosen_trajectory(caseload)
    profile = jobs.search_profile_for(trajectory or candidate_trajectory) if (trajectory or candidate_trajectory) else None
    if profile and profile.postcode and not params.postcode and not params.place and "postcode" not in request.args:
        params.postcode = profile.postcode  # distance from home by default
    searched_from = params.home()
    home = jobs.profile_home(profile) or ((searched_from.lat, searched_from.lon) if searched_from else None)
    known: dict[int, Fit] = {}

    def fit_of(vacancy: Vacancy) -> Fit:
        if vacancy.id not in known:
            known[vacancy.id] = fit(profile, vacancy, home, vacancy.description_text)
        return known[vacancy.id]

    # The automatic order puts what fits the candidate first (a bounded re-rank, no extra query).
    result = search_vacancies(params, rank=(lambda v: fit_rank(fit_of(v))) if profile else None)
    fits = {v.id: fit_of(v) for v in result.items} if profile else {}
    args = request.args.to_dict(flat=False)
    args.pop("pagina", None)
    # The detail page measures the distance from the same place as the list (the search
    # profile's own postcode it knows already).
    origin = ({"postcode": params.postcode} if params.postcode else {"plaats": params.place}) \
        if result.home and params.postcode != (profile.postcode if profile else None) else {}
    return render_template(
        "jobs/index.html", result=result, params=params, profile=profile, trajectory=trajectory, origin=origin,
        fits=fits, saved=jobs.saved_ids(trajectory), args=args, sorts=SORTS, posted=POSTED_WITHIN,
        distances=DISTANCES, sectors=Sector, levels=EducationLevel, place_options=_place_options(),
        action_form=ActionForm(), caseload=caseload, candidate_trajectory=candidate_trajectory,
    )


@lru_cache(maxsize=1)
def _place_options() -> Markup:
    """The place filter's 640 suggestions as `<option>` elements, escaped once per process
    instead of on every search page (the same markup the template loop gave)."""
    return Markup("").join(Markup('<option value="{}">').format(name) for name in places.place_names())


def _open_caseload() -> list[Trajectory]:
    """The advisor's running trajectories (the ones a vacancy can be recommended to)."""
    return list(db.session.scalars(
        visible_trajectories(current_user)
        .where(Trajectory.status.in_([TrajectoryStatus.ACTIVE, TrajectoryStatus.PAUSED]))
        .order_by(Trajectory.reference)
    ))


def _chosen_trajectory(caseload: list[Trajectory]) -> Trajectory | None:
    """`?voor=<trajectory id>`: score the results for that candidate; someone else's -> 404."""
    value = request.args.get("voor", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        abort(404)
    if int(value) not in {t.id for t in caseload}:
        abort(404)
    return trajectory_or_404(int(value), "jobs.recommend")


@bp.get("/vacatures/<int:vacancy_id>")
@login_required
def show(vacancy_id: int):
    vacancy = _vacancy_or_404(vacancy_id)
    trajectory = current_trajectory(current_user)
    profile = jobs.search_profile_for(trajectory) if trajectory else None
    vacancy_fit = fit(profile, vacancy, jobs.profile_home(profile), vacancy.description_text) if profile else None
    return render_template(
        "jobs/show.html", vacancy=vacancy, trajectory=trajectory, fit=vacancy_fit,
        distance=_distance_on_page(vacancy, profile, vacancy_fit),
        is_open=vacancy.is_open(date.today()), saved=vacancy.id in jobs.saved_ids(trajectory),
        applied=vacancy.id in jobs.applied_ids(trajectory), action_form=ActionForm(),
        can_recommend=has_role(current_user, Role.ADVISOR) and vacancy.owner_trajectory_id is None,
    )


def _distance_on_page(vacancy: Vacancy, profile, vacancy_fit: Fit | None) -> tuple[float, str] | None:
    """(km, from where) for the detail page: from the list's postcode or place, else from
    the candidate's search profile."""
    searched = places.locate(places.normalise_postcode(request.args.get("postcode")),
                             (request.args.get("plaats") or "")[:100])
    if searched and vacancy.lat is not None and vacancy.lon is not None:
        return haversine_km(searched.lat, searched.lon, vacancy.lat, vacancy.lon), searched.name
    if vacancy_fit and vacancy_fit.distance_km is not None:
        return vacancy_fit.distance_km, f"je postcode {profile.postcode}"
    return None


# --- staff: create, edit, close, import -------------------------------------------------

@bp.route("/vacatures/nieuw", methods=["GET", "POST"])
@role_required(Role.ADVISOR, Role.ADMIN)
def create():
    form = VacancyForm()
    if form.validate_on_submit():
        vacancy = jobs.save_vacancy_fields(Vacancy(source="portal"), form.vacancy_fields(), current_user)
        db.session.commit()
        flash("De vacature staat op de vacaturebank.", "success")
        return redirect(url_for("jobs.show", vacancy_id=vacancy.id))
    return render_template("jobs/form.html", form=form, vacancy=None)


@bp.route("/vacatures/<int:vacancy_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.ADVISOR, Role.ADMIN)
def edit(vacancy_id: int):
    vacancy = _public_vacancy_or_404(vacancy_id)
    form = VacancyForm(obj=vacancy)
    if form.validate_on_submit():
        jobs.save_vacancy_fields(vacancy, form.vacancy_fields(), current_user)
        db.session.commit()
        flash("De vacature is opgeslagen.", "success")
        return redirect(url_for("jobs.show", vacancy_id=vacancy.id))
    return render_template("jobs/form.html", form=form, vacancy=vacancy)


@bp.post("/vacatures/<int:vacancy_id>/sluiten")
@role_required(Role.ADVISOR, Role.ADMIN)
def close(vacancy_id: int):
    vacancy = _public_vacancy_or_404(vacancy_id)
    if ActionForm().validate_on_submit():
        if vacancy.status == VacancyStatus.CLOSED:
            jobs.reopen_vacancy(vacancy)
            flash("De vacature staat weer open.", "success")
        else:
            jobs.close_vacancy(vacancy)
            flash("De vacature is gesloten. Dagboekregels die ernaar verwijzen blijven leesbaar.", "success")
        db.session.commit()
    return redirect(url_for("jobs.show", vacancy_id=vacancy.id))


@bp.route("/vacatures/importeren", methods=["GET", "POST"])
@role_required(Role.ADVISOR, Role.ADMIN)
def import_page():
    form = ImportForm()
    report = None
    submitted = form.validate_on_submit()
    if submitted and not ratelimit.allow_work("import", current_user):
        form.file.errors.append(ratelimit.BUSY)
    elif submitted:
        data = form.file.data.read(5 * 1024 * 1024 + 1)
        try:
            feed_source, records = parse_file(data, form.file.data.filename or "")
        except FeedError as exc:
            form.file.errors.append(str(exc))
        else:
            report = import_records(records, form.source.data or feed_source, current_user)
            db.session.commit()
            flash(f"Import klaar: {report.summary}.", "success" if not report.errors else "warning")
    return render_template("jobs/import.html", form=form, report=report)


# --- candidate: saved list, applying, pasting -------------------------------------------

@bp.get("/vacatures/bewaard")
@role_required(Role.CANDIDATE)
def saved():
    trajectory = _own_trajectory()
    items = jobs.saved_vacancies(trajectory)
    return render_template(
        "jobs/saved.html", items=items, today=date.today(), applied=jobs.applied_ids(trajectory),
        action_form=ActionForm(),
    )


@bp.post("/vacatures/<int:vacancy_id>/bewaren")
@role_required(Role.CANDIDATE)
def save(vacancy_id: int):
    vacancy = _vacancy_or_404(vacancy_id)
    trajectory = _own_trajectory()
    if ActionForm().validate_on_submit():
        if request.form.get("weg"):
            jobs.unsave_for(trajectory, vacancy)
            flash("De vacature staat niet meer op je lijst.", "success")
        else:
            jobs.save_for(trajectory, vacancy)
            flash("Bewaard. Je vindt de vacature terug onder 'Bewaard'.", "success")
        db.session.commit()
    return redirect(_safe_next() or url_for("jobs.show", vacancy_id=vacancy.id))


def _safe_next() -> str | None:
    target = request.form.get("next", "")
    return target if is_safe_next(target) else None


@bp.route("/vacatures/<int:vacancy_id>/gesolliciteerd", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def applied(vacancy_id: int):
    """'Ik heb gesolliciteerd': one step (how, and does it fit), then a diary entry with a
    snapshot of the vacancy."""
    vacancy = _vacancy_or_404(vacancy_id)
    trajectory = _own_trajectory()
    if not can(current_user, "diary.edit", trajectory):
        abort(404)
    profile = jobs.search_profile_for(trajectory)
    vacancy_fit = fit(profile, vacancy, jobs.profile_home(profile), vacancy.description_text) if profile else None
    hints = apply_hints(vacancy, profile, vacancy_fit)
    form = AppliedForm()
    if request.method == "GET":
        form.method.data, form.fits_capacity.data = hints.method or None, hints.fits or None
    if form.validate_on_submit():
        jobs.record_application(trajectory, current_user, vacancy, form.method.data,
                                form.fits_capacity.data == "ja")
        db.session.commit()
        flash(f"Je sollicitatie bij {vacancy.organisation} staat in je dagboek. Goed gedaan!", "success")
        return redirect(url_for("diary.index"))
    return render_template("jobs/applied.html", form=form, vacancy=vacancy, hints=hints,
                           already=vacancy.id in jobs.applied_ids(trajectory))


@bp.route("/vacatures/plakken", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def paste():
    """Step 1: a link or the page's text; step 2 (paste_confirm) shows what we read."""
    trajectory = _own_trajectory()
    form = PasteForm()
    submitted = form.validate_on_submit()
    if submitted and not ratelimit.allow_work("paste", current_user):
        form.content.errors.append(ratelimit.BUSY)
    elif submitted:
        content = form.content.data.strip()
        fields, note = _read_pasted(content)
        if fields is None:
            form.content.errors.append(note)
        else:
            confirm = ConfirmPastedForm(formdata=None, data=fields)
            return render_template("jobs/paste_confirm.html", form=confirm, note=note, trajectory=trajectory)
    return render_template("jobs/paste.html", form=form)


PASTED_TEXT_MAX = 20_000  # what a pasted page may bring into the description (form allows 50,000)


def _read_pasted(content: str) -> tuple[dict | None, str]:
    """(prefilled fields, message) from a link, a page's HTML or plain text."""
    url = ""
    if "\n" not in content and content.lower().startswith(("http://", "https://")):
        url = content
        try:
            content = fetch_page(url)
        except FetchError as exc:
            return None, f"{exc}"
    records = [r for r in jobpostings_in_html(content) if not r.error]
    if records:
        fields = dict(records[0].fields)
        fields.pop("source_id", None)
        if url and not fields.get("apply_url"):
            fields["apply_url"] = url
        return fields, "We hebben de vacature gelezen. Kijk of alles klopt en vul aan wat ontbreekt."
    is_html = "<" in content and ">" in content
    text = text_from_html(content) if is_html else content
    fields = extract_fields(text[:PASTED_TEXT_MAX], date.today(), heading=html_heading(content) if is_html else "")
    if url:
        fields["apply_url"] = url
    fields["description_html"] = "".join(f"<p>{line}</p>" for line in _escape_lines(text[:PASTED_TEXT_MAX]) if line)
    # Said, not silent: a very long page keeps its first part as the description.
    cut = (f" De tekst was langer dan {PASTED_TEXT_MAX} tekens: we namen het begin over als omschrijving."
           if len(text) > PASTED_TEXT_MAX else "")
    if fields.get("title"):
        return fields, ("We hebben de tekst gelezen en ingevuld wat we konden vinden. "
                        "Kijk of alles klopt en vul de rest zelf in." + cut)
    return fields, "We konden de gegevens niet automatisch lezen. Vul functie en organisatie zelf in." + cut


def _escape_lines(text: str) -> list[str]:
    from markupsafe import escape

    return [str(escape(line.strip())) for line in text.splitlines()][:200]


@bp.post("/vacatures/plakken/bevestigen")
@role_required(Role.CANDIDATE)
def paste_confirm():
    trajectory = _own_trajectory()
    form = ConfirmPastedForm()
    if not form.validate_on_submit():
        return render_template("jobs/paste_confirm.html", form=form, note="", trajectory=trajectory)
    vacancy = Vacancy(source="geplakt", owner_trajectory_id=trajectory.id)
    jobs.save_vacancy_fields(vacancy, form.vacancy_fields(), current_user)
    db.session.flush()
    jobs.save_for(trajectory, vacancy)
    if form.action.data == "diary" and can(current_user, "diary.edit", trajectory):
        db.session.commit()  # kept on 'Bewaard' too, should the candidate stop at the next step
        return redirect(url_for("jobs.applied", vacancy_id=vacancy.id))
    db.session.commit()
    flash("De vacature staat op je lijst 'Bewaard'.", "success")
    return redirect(url_for("jobs.saved"))


# --- advisor: recommend -----------------------------------------------------------------

@bp.route("/vacatures/<int:vacancy_id>/aanraden", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def recommend(vacancy_id: int):
    vacancy = _public_vacancy_or_404(vacancy_id)
    caseload = _open_caseload()
    form = RecommendForm()
    form.trajectory_id.choices = [(t.id, f"{t.candidate.name} ({t.reference})") for t in caseload]
    if request.method == "GET" and request.args.get("voor", "").isdigit():
        form.trajectory_id.data = int(request.args["voor"])
    if request.method == "POST" and form.trajectory_id.data not in {t.id for t in caseload}:
        abort(404)
    if form.validate_on_submit():
        trajectory = trajectory_or_404(form.trajectory_id.data, "jobs.recommend")
        jobs.recommend(trajectory, vacancy, current_user, form.note.data or "")
        db.session.commit()
        flash(f"Aangeraden aan {trajectory.candidate.name}.", "success")
        return redirect(url_for("jobs.show", vacancy_id=vacancy.id))
    return render_template("jobs/recommend.html", form=form, vacancy=vacancy)


# --- search profile ---------------------------------------------------------------------

@bp.route("/trajecten/<int:trajectory_id>/zoekprofiel", methods=["GET", "POST"])
@login_required
def search_profile(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "jobs.profile")
    profile = jobs.search_profile_for(trajectory)
    form = SearchProfileForm(obj=profile)
    if request.method == "GET" and profile:
        form.sectors.data = profile.sector_list
    stale = False
    if profile is not None and form.is_submitted():
        stored = SearchProfileForm(formdata=None, obj=profile)
        stored.sectors.data = profile.sector_list
        stale = refuse_stale(form, profile.version, stored)
    if form.validate_on_submit() and not stale:
        jobs.update_search_profile(
            trajectory, current_user,
            desired_roles=(form.desired_roles.data or "").strip(),
            postcode=form.postcode.data or "",
            max_distance_km=form.max_distance_km.data,
            hours_min=form.hours_min.data,
            hours_max=form.hours_max.data,
            education_level=form.education_level.data or "",
            sectors=",".join(form.sectors.data or []),
            limitations=(form.limitations.data or "").strip(),
        )
        db.session.commit()
        flash("Het zoekprofiel is opgeslagen. Passende vacatures krijgen nu een markering.", "success")
        return redirect(url_for("jobs.search_profile", trajectory_id=trajectory.id))
    return render_template("jobs/search_profile.html", form=form, trajectory=trajectory, profile=profile,
                           broaden_since=jobs.broadening_due(trajectory, profile, local_today()),
                           education_labels=dict(EducationLevel.choices()), sector_labels=dict(Sector.choices()))


# --- menu, home and template filters -----------------------------------------------------

bp.add_app_template_filter(euro, "euro")  # '{{ amount|euro }}' -> '€ 2.950' (Dutch, babel)


def _candidate_panel(user):
    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    profile = jobs.search_profile_for(trajectory)
    return {
        "trajectory": trajectory,
        "recommendations": jobs.recommendations_for(trajectory, limit=5),
        "saved_count": len(jobs.saved_ids(trajectory)),
        "profile": profile,
        "broaden_since": jobs.broadening_due(trajectory, profile, local_today()),
    }


add_nav("Vacatures", "jobs.index", [Role.CANDIDATE, Role.ADVISOR, Role.ADMIN], order=40)
add_home_panel("jobs/_panel_candidate.html", [Role.CANDIDATE], _candidate_panel, order=30)
