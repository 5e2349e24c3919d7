"""Diary pages: the list and board, one week (with the advisor's review), one entry."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.auth.services import is_safe_next
from portal.casefile import reminders
from portal.casefile.evidence import load_evidence, load_week
from portal.casefile.week_progress import week_progress
from portal.clock import local_today
from portal.core.templating import week_label
from portal.diary import bp
from portal.diary import services as diary
from portal.diary.forms import (
    AddendumForm,
    AttachForm,
    EntryForm,
    MoveForm,
    ReviewForm,
    WeekReasonForm,
    notes_text,
)
from portal.diary.models import Attachment, DiaryEntry
from portal.domain.activities import (
    ALL_STATUS_VALUES,
    APPLICATION_KINDS,
    NETWORKING_VALUES,
    ActivityKind,
    ApplicationStatus,
    NetworkingOutcome,
    outcomes_for,
    status_label,
)
from portal.domain.weeks import Week, weeks_between
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.policy import can, current_trajectory, has_role, require, trajectory_or_404
from portal.timeline import events
from portal.uploads import UploadError, send_stored

WEEKS_PER_PAGE = 8
MATCHES_PER_PAGE = 50
BOARD_LIMIT = 300


# --- loading ----------------------------------------------------------------------------

def _entry_or_404(entry_id: int, permission: str = "diary.view") -> DiaryEntry:
    entry = db.session.get(DiaryEntry, entry_id)
    if entry is None:
        abort(404)
    require(current_user, permission, entry.trajectory)
    if entry.is_deleted and not can(current_user, "diary.view_deleted", entry.trajectory):
        abort(404)
    return entry


def _week_or_404(key: str) -> Week:
    try:
        return Week.from_key(key)
    except ValueError:
        abort(404)


def _safe_next(default: str) -> str:
    target = request.values.get("next", "")
    return target if is_safe_next(target) else default


def _int_arg(name: str, default: int = 1) -> int:
    try:
        return max(1, min(int(request.args.get(name, default)), 1000))
    except ValueError:
        return default


# --- the diary: list and board ----------------------------------------------------------

@bp.get("/dagboek")
@login_required
def index():
    """The candidate's own diary."""
    if not has_role(current_user, "candidate"):
        abort(404)
    trajectory = current_trajectory(current_user)
    if trajectory is None:
        return render_template("diary/no_trajectory.html")
    return _diary_page(trajectory)


@bp.get("/trajecten/<int:trajectory_id>/dagboek")
@login_required
def trajectory_diary(trajectory_id: int):
    """A trajectory's diary for its advisors (and the candidate)."""
    return _diary_page(trajectory_or_404(trajectory_id, "diary.view"))


# The list's status filter: the pipeline, then the networking outcomes ("Gepland" once).
STATUS_FILTER_CHOICES = ApplicationStatus.choices() + [
    (value, f"{label} (netwerk)") for value, label in NetworkingOutcome.choices() if value != NetworkingOutcome.PLANNED]


def _filters(trajectory) -> dict:
    kind = request.args.get("soort", "")
    status = request.args.get("status", "")
    week = None
    if request.args.get("week"):
        try:
            week = Week.from_key(request.args["week"])
        except ValueError:
            week = None
    return {
        "view": "bord" if request.args.get("weergave") == "bord" else "lijst",
        "kind": kind if kind in ActivityKind._value2member_map_ else "",
        "status": status if status in ALL_STATUS_VALUES else "",
        "q": request.args.get("q", "").strip()[:100],
        "week": week,
        "deleted": request.args.get("verwijderd") == "1" and can(current_user, "diary.view_deleted", trajectory),
    }


WEEK_CHOICES = 104


def _trajectory_weeks(trajectory, today) -> list[Week]:
    """The weeks of the trajectory up to this week (or its close), newest first."""
    window = trajectory.counting_window
    last = min(today, window.end) if window.end else today
    return weeks_between(window.start, max(last, window.start))[::-1]


def _week_choices(trajectory, today, chosen: Week | None) -> list[Week]:
    """The weeks the Week filter offers: the trajectory's weeks, newest first (at most two years).

    Never a week outside the trajectory: entries dated there are listed apart (not counted).
    """
    weeks = _trajectory_weeks(trajectory, today)[:WEEK_CHOICES]
    if chosen and chosen not in weeks and trajectory.counting_window.contains(chosen.monday):
        weeks.append(chosen)
    return weeks


def _diary_page(trajectory):
    today = local_today()
    filters = _filters(trajectory)
    common = {"trajectory": trajectory, "filters": filters, "today": today,
              "week_choices": _week_choices(trajectory, today, filters["week"]),
              "kinds": ActivityKind.choices(), "statuses": STATUS_FILTER_CHOICES,
              "can_edit": can(current_user, "diary.edit", trajectory)}
    this_week = week_progress(trajectory, today)
    if filters["view"] == "bord":
        entries = diary.search_entries(
            trajectory, kind=filters["kind"], text=filters["q"], applications_only=not filters["kind"],
            start=filters["week"].monday if filters["week"] else None,
            end=filters["week"].sunday if filters["week"] else None,
            include_deleted=False, limit=BOARD_LIMIT,
        )
        # Networking conversations have their own outcomes, so their board has their columns.
        outcomes = outcomes_for(filters["kind"]) if filters["kind"] else ApplicationStatus
        columns = [(s, [e for e in entries if e.status == s.value]) for s in outcomes
                   if not filters["status"] or s.value == filters["status"]]
        common["statuses"] = outcomes.choices()
        return render_template("diary/board.html", columns=columns, this_week=this_week,
                               move_form=MoveForm(), **common)
    filtering = bool(filters["kind"] or filters["status"] or filters["q"])
    this_sunday = Week.of(today).sunday
    page = _int_arg("pagina")
    if filters["week"]:
        weeks, page, has_more = [filters["week"]], 1, False
        entries = diary.search_entries(trajectory, start=weeks[0].monday, end=weeks[0].sunday,
                                       kind=filters["kind"], status=filters["status"], text=filters["q"],
                                       include_deleted=filters["deleted"])
    elif filtering:
        # A search or filter looks through the whole diary, not just the weeks of one page:
        # the matches, newest first, a page of them at a time, grouped by week.
        entries = diary.search_entries(trajectory, end=this_sunday, kind=filters["kind"],
                                       status=filters["status"], text=filters["q"],
                                       include_deleted=filters["deleted"],
                                       limit=MATCHES_PER_PAGE + 1, offset=(page - 1) * MATCHES_PER_PAGE)
        has_more = len(entries) > MATCHES_PER_PAGE
        entries = entries[:MATCHES_PER_PAGE]
        if not entries and page > 1:
            abort(404)
        weeks = list(dict.fromkeys(entry.week for entry in entries))
    else:
        # The list opens at this week: planned activities after it are shown apart
        # (they have not happened, so no empty future weeks judged against the target).
        all_weeks = _trajectory_weeks(trajectory, today)
        weeks = all_weeks[(page - 1) * WEEKS_PER_PAGE: page * WEEKS_PER_PAGE]
        has_more = len(all_weeks) > page * WEEKS_PER_PAGE
        if not weeks:
            abort(404)
        entries = diary.search_entries(trajectory, start=weeks[-1].monday, end=weeks[0].sunday,
                                       include_deleted=filters["deleted"])
    evidence = {}
    if weeks:
        evidence = {w.week: w for w in load_evidence(trajectory, min(weeks).monday, max(weeks).sunday,
                                                     today=today).weeks if w.week in weeks}
    grouped = {week: [] for week in weeks}
    for entry in entries:
        grouped.setdefault(entry.week, []).append(entry)
    locked = diary.locked_weeks(trajectory, weeks)
    follow_ups = diary.due_follow_ups_for([trajectory.id], today)[trajectory.id]
    upcoming, outside = [], []
    if page == 1 and not filters["week"]:
        upcoming = diary.search_entries(trajectory, start=this_sunday + timedelta(days=1),
                                        kind=filters["kind"], status=filters["status"], text=filters["q"],
                                        include_deleted=filters["deleted"])[::-1]
    if not (filters["week"] or filtering or has_more):
        # Below the oldest week: entries dated before the trajectory's first week (shown, not counted).
        outside = diary.search_entries(trajectory, end=Week.of(trajectory.spoor2_start).monday - timedelta(days=1),
                                       include_deleted=filters["deleted"])
    return render_template(
        "diary/index.html", weeks=weeks, grouped=grouped, evidence=evidence, locked=locked, upcoming=upcoming,
        outside=outside,
        page=page, has_more=has_more, this_week=this_week, follow_ups=follow_ups, filtering=filtering, **common,
    )


# --- one week -----------------------------------------------------------------------------

@bp.route("/trajecten/<int:trajectory_id>/dagboek/<week>", methods=["GET", "POST"])
@login_required
def week(trajectory_id: int, week: str):
    """One week: its entries against the target, the candidate's reason, the advisor's review."""
    trajectory = trajectory_or_404(trajectory_id, "diary.view")
    return _week_page(trajectory, _week_or_404(week))


def _week_page(trajectory, the_week: Week):
    today = local_today()
    evidence = load_week(trajectory, the_week, today)
    # The evidence says whether the week has a review or a reason; only then read their rows.
    review = diary.week_review(trajectory, the_week) if evidence.judgement is not None else None
    reason_row = diary.week_reason(trajectory, the_week) if evidence.low_week_reason else None
    # Only advisors see (and post) the review form.
    review_form = ReviewForm(prefix="review") if can(current_user, "diary.review", trajectory) else None
    reason_form = WeekReasonForm(prefix="reason", data={"reason": reason_row.reason if reason_row else ""})
    if request.method == "POST":
        action = request.form.get("action")
        if action == "review":
            require(current_user, "diary.review", trajectory)  # 404 for anyone without a review form
            if the_week.sunday >= today:
                flash("Je kunt een week pas beoordelen als hij voorbij is.", "warning")
            elif review_form.validate_on_submit():
                sufficient = review_form.judgement.data == "sufficient"
                diary.review_week(trajectory, the_week, current_user, sufficient, review_form.reason.data or "")
                events.week_reviewed(trajectory, the_week.key, week_label(the_week), sufficient,
                                     url_for("diary.week", trajectory_id=trajectory.id, week=the_week.key))
                db.session.commit()
                flash("De week is beoordeeld en vastgezet.", "success")
                return redirect(url_for("diary.week", trajectory_id=trajectory.id, week=the_week.key))
        elif action == "reason":
            require(current_user, "diary.edit", trajectory)
            if review is not None:
                flash("Deze week is al beoordeeld; de reden kan niet meer veranderen.", "warning")
            elif reason_form.validate_on_submit():
                diary.set_week_reason(trajectory, the_week, current_user, reason_form.reason.data)
                db.session.commit()
                flash("Je reden is opgeslagen.", "success")
                return redirect(url_for("diary.week", trajectory_id=trajectory.id, week=the_week.key))
        else:
            abort(400)
    entries = diary.search_entries(trajectory, start=the_week.monday, end=the_week.sunday,
                                   include_deleted=can(current_user, "diary.view_deleted", trajectory))
    # Judgements are history: the earlier ones are shown under the one that counts.
    earlier_reviews = diary.review_history(trajectory, the_week)[1:] if review is not None else []
    earlier_reasons = diary.reason_history(trajectory, the_week)[1:] if reason_row is not None else []
    return render_template(
        "diary/week.html", trajectory=trajectory, week=the_week, evidence=evidence, review=review,
        reason=reason_row, entries=entries, review_form=review_form, reason_form=reason_form,
        earlier_reviews=earlier_reviews, earlier_reasons=earlier_reasons,
        today=today, previous=the_week.previous(), next=the_week.next() if the_week.next().monday <= today else None,
    )


# --- one entry ----------------------------------------------------------------------------

@bp.route("/dagboek/nieuw", methods=["GET", "POST"])
@login_required
def new():
    """Add an activity (the candidate's own effort: advisors do not add on their behalf)."""
    trajectory = current_trajectory(current_user)
    require(current_user, "diary.edit", trajectory)
    today = local_today()
    form = EntryForm()
    form.window = trajectory.counting_window
    if request.method == "GET":
        form.entry_date.data = today
        kind = request.args.get("soort", "")
        form.kind.data = kind if kind in ActivityKind._value2member_map_ else ""
        _prefill_from_vacancy(form, _vacancy(trajectory))
        # Defaults only from the last entry of the same kind; otherwise the (folded away)
        # channel and method stay empty rather than claim something that did not happen.
        defaults = diary.last_used(trajectory, form.kind.data)
        form.channel.data = form.channel.data or defaults.get("channel", "")
        form.method.data = defaults.get("method", "")
    if form.validate_on_submit():
        try:
            vacancy = _vacancy(trajectory)
            entry = diary.add_entry(
                trajectory, current_user, vacancy_id=vacancy.id if vacancy else None,
                vacancy_snapshot=_snapshot(vacancy), **form.entry_fields(),
            )
            db.session.flush()
            if form.attachment.data:
                diary.add_attachment(entry, current_user, form.attachment.data)
        except (diary.DiaryError, UploadError) as error:
            db.session.rollback()
            field = form.attachment if isinstance(error, UploadError) else form.entry_date
            field.errors = [*field.errors, str(error)]
        else:
            _refresh_reminders(trajectory)
            db.session.commit()
            progress = week_progress(trajectory, today)
            flash(f"Opgeslagen. {progress.sentence}" if entry.week == progress.week else "Opgeslagen.", "success")
            return redirect(url_for("diary.index"))
    return render_template("diary/form.html", form=form, trajectory=trajectory, entry=None,
                           application_kinds=[k.value for k in APPLICATION_KINDS],
                           networking_kinds=sorted(NETWORKING_VALUES))


def _vacancy(trajectory):
    """The vacancy of `?vacature=<id>`: a public one or one of this trajectory's own, else None."""
    value = request.values.get("vacature", "")
    if not value.isdigit() or len(value) > 12:
        return None
    from portal.jobs.models import Vacancy

    vacancy = db.session.get(Vacancy, int(value))
    if vacancy is None or vacancy.owner_trajectory_id not in (None, trajectory.id):
        return None
    return vacancy


def _snapshot(vacancy) -> dict | None:
    """The vacancy as it is now, kept with the entry so the evidence survives its removal."""
    if vacancy is None:
        return None
    from portal.jobs.services import snapshot

    return snapshot(vacancy)


def _prefill_from_vacancy(form: EntryForm, vacancy) -> None:
    if vacancy is None:
        return
    form.kind.data = ActivityKind.APPLICATION_LETTER.value
    form.organisation.data = vacancy.organisation
    form.position.data = vacancy.title
    form.place.data = vacancy.city
    form.external_url.data = vacancy.apply_url or ""
    form.channel.data = "job_board"


@bp.get("/dagboek/activiteit/<int:entry_id>")
@login_required
def show(entry_id: int):
    """One entry with its pipeline, addenda, attachments and full history."""
    entry = _entry_or_404(entry_id)
    today = local_today()
    move_form = MoveForm.for_entry(entry, data={"status": entry.status, "changed_on": today})
    return render_template(
        "diary/show.html", entry=entry, trajectory=entry.trajectory, locked=diary.entry_locked(entry),
        move_form=move_form, attach_form=AttachForm(), addendum_form=AddendumForm(), today=today,
    )


def _stored_entry_form(entry: DiaryEntry) -> EntryForm:
    """The edit form filled from what is stored now (no form data)."""
    form = EntryForm(formdata=None, obj=entry)
    form.outside_confirmed.data = bool(entry.outside_reason)
    form.notes.data = notes_text(entry.notes_html)
    form.fits_capacity.data = {True: "ja", False: "nee"}.get(entry.fits_capacity, "")
    return form


@bp.route("/dagboek/activiteit/<int:entry_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    entry = _entry_or_404(entry_id, "diary.edit")
    if entry.is_deleted:
        abort(404)
    if diary.entry_locked(entry):
        flash("Deze week is al beoordeeld. Je kunt een aanvulling toevoegen.", "warning")
        return redirect(url_for("diary.addendum", entry_id=entry.id))
    form = _stored_entry_form(entry) if request.method == "GET" else EntryForm()
    form.window = entry.trajectory.counting_window
    stale = form.is_submitted() and refuse_stale(form, entry.version, _stored_entry_form(entry))
    if form.validate_on_submit() and not stale:
        try:
            changes = diary.update_entry(entry, current_user, today=local_today(), **form.entry_fields())
            if form.attachment.data:
                diary.add_attachment(entry, current_user, form.attachment.data)
        except (diary.DiaryError, UploadError) as error:
            db.session.rollback()
            field = form.attachment if isinstance(error, UploadError) else form.entry_date
            field.errors = [*field.errors, str(error)]
        else:
            _refresh_reminders(entry.trajectory)
            db.session.commit()
            flash("Wijzigingen opgeslagen." if changes else "Er was niets veranderd.", "success")
            return redirect(url_for("diary.show", entry_id=entry.id))
    return render_template("diary/form.html", form=form, trajectory=entry.trajectory, entry=entry,
                           application_kinds=[k.value for k in APPLICATION_KINDS],
                           networking_kinds=sorted(NETWORKING_VALUES))


@bp.route("/dagboek/activiteit/<int:entry_id>/status", methods=["GET", "POST"])
@login_required
def move(entry_id: int):
    """Move an application along the pipeline; the date of each step is kept."""
    entry = _entry_or_404(entry_id, "diary.edit")
    if entry.is_deleted:
        abort(404)
    form = MoveForm.for_entry(entry, data={"status": entry.status, "changed_on": local_today()}
                              if request.method == "GET" else None)
    if form.validate_on_submit():
        problem = diary.future_date_problem(entry.entry_date, form.status.data, local_today())
        if problem:
            form.status.errors = [*form.status.errors, problem]
            return render_template("diary/move.html", entry=entry, form=form, trajectory=entry.trajectory)
        try:
            change = diary.move_entry(entry, current_user, form.status.data, form.changed_on.data)
        except diary.DiaryError as error:
            form.changed_on.errors = [*form.changed_on.errors, str(error)]
        else:
            _refresh_reminders(entry.trajectory)
            db.session.commit()
            if change:
                flash(f"{entry.organisation}: status is nu ‘{change.to_label}’.", "success")
            return redirect(_safe_next(url_for("diary.show", entry_id=entry.id)))
    return render_template("diary/move.html", entry=entry, form=form, trajectory=entry.trajectory)


@bp.post("/dagboek/activiteit/<int:entry_id>/bijlage")
@login_required
def attach(entry_id: int):
    entry = _entry_or_404(entry_id, "diary.edit")
    require(current_user, "diary.attachments", entry.trajectory)
    if entry.is_deleted:
        abort(404)
    if diary.entry_locked(entry):  # before reading the file: a reviewed week takes an addendum instead
        flash(str(diary.AttachmentLocked(entry.week)), "warning")
        return redirect(url_for("diary.addendum", entry_id=entry.id))
    form = AttachForm()
    if form.validate_on_submit():
        try:
            diary.add_attachment(entry, current_user, form.attachment.data)
        except (UploadError, diary.DiaryError) as error:
            form.attachment.errors = [*form.attachment.errors, str(error)]
        else:
            db.session.commit()
            flash("Bijlage toegevoegd.", "success")
            return redirect(url_for("diary.show", entry_id=entry.id))
    today = local_today()
    return render_template(
        "diary/show.html", entry=entry, trajectory=entry.trajectory, locked=diary.entry_locked(entry),
        move_form=MoveForm.for_entry(entry, data={"status": entry.status, "changed_on": today}), attach_form=form,
        addendum_form=AddendumForm(formdata=None), today=today,
    )


@bp.get("/dagboek/bijlage/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    """Serve an attachment as a download (never inline); employers never get here."""
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.deleted_at is not None:
        abort(404)
    _entry_or_404(item.entry_id, "diary.attachments")
    try:
        return send_stored(item.folder, item.stored_name, item.original_name, item.content_type)
    except (FileNotFoundError, ValueError):
        abort(404)


@bp.post("/dagboek/activiteit/<int:entry_id>/verwijderen")
@login_required
def delete(entry_id: int):
    entry = _entry_or_404(entry_id, "diary.edit")
    try:
        diary.delete_entry(entry, current_user)
    except diary.DiaryError as error:
        flash(str(error), "warning")
        return redirect(url_for("diary.show", entry_id=entry.id))
    _refresh_reminders(entry.trajectory)
    db.session.commit()
    flash("De activiteit is verwijderd. Je adviseur kan zien dat hij verwijderd is.", "success")
    return redirect(url_for("diary.index"))


@bp.post("/dagboek/activiteit/<int:entry_id>/terugzetten")
@login_required
def restore(entry_id: int):
    """The advisor undoes a soft delete (the history shows both steps)."""
    entry = _entry_or_404(entry_id, "diary.restore")
    if ActionForm().validate_on_submit() and entry.is_deleted:
        diary.restore_entry(entry, current_user)
        _refresh_reminders(entry.trajectory)
        db.session.commit()
        flash("De activiteit is teruggezet en telt weer mee.", "success")
    return redirect(url_for("diary.show", entry_id=entry.id))


@bp.post("/dagboek/bijlage/<int:attachment_id>/verwijderen")
@login_required
def remove_attachment(attachment_id: int):
    """The candidate removes an attachment: hidden from now on, kept for the history."""
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.deleted_at is not None:
        abort(404)
    entry = _entry_or_404(item.entry_id, "diary.edit")
    if ActionForm().validate_on_submit():
        try:
            diary.remove_attachment(item, current_user)
        except diary.DiaryError as error:
            flash(str(error), "warning")
        else:
            db.session.commit()
            flash(f"Bijlage ‘{item.original_name}’ verwijderd. Ze blijft bewaard in de geschiedenis.", "success")
    return redirect(url_for("diary.show", entry_id=entry.id))


@bp.route("/dagboek/activiteit/<int:entry_id>/aanvulling", methods=["GET", "POST"])
@login_required
def addendum(entry_id: int):
    """Add a correction beside the original (the way to change a reviewed week)."""
    entry = _entry_or_404(entry_id)
    if not (can(current_user, "diary.edit", entry.trajectory) or can(current_user, "diary.review", entry.trajectory)):
        abort(404)
    form = AddendumForm()
    if form.validate_on_submit():
        diary.add_addendum(entry, current_user, form.text.data)
        db.session.commit()
        flash("Je aanvulling staat nu naast de oorspronkelijke activiteit.", "success")
        return redirect(url_for("diary.show", entry_id=entry.id))
    return render_template("diary/addendum.html", entry=entry, form=form, trajectory=entry.trajectory)


# --- home panel and menu ------------------------------------------------------------------

def _refresh_reminders(trajectory) -> None:
    """The diary changed: reminders about it that no longer hold are resolved or updated."""
    db.session.flush()
    reminders.refresh_for(trajectory, local_today())


def _home_panel(user):
    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    today = local_today()
    return {
        "trajectory": trajectory,
        "progress": week_progress(trajectory, today),
        "follow_ups": diary.due_follow_ups_for([trajectory.id], today)[trajectory.id][:6],
        "stale": diary.stale_applications_for([trajectory.id], today, diary.stale_days())[trajectory.id][:5],
        "today": today,
        "soon": today + timedelta(days=1),
    }


from portal.diary.demo import seed_diaries  # noqa: E402
from portal.registry import add_demo_seeder, add_home_panel, add_nav  # noqa: E402

add_demo_seeder("diary", seed_diaries, order=40)
add_nav("Dagboek", "diary.index", ["candidate"], order=20)
add_home_panel("diary/_panel_home.html", ["candidate"], _home_panel, order=10)


# --- template helpers for the diary's own pages -------------------------------------------

FIELD_LABELS = {
    "entry_date": "Datum", "kind": "Soort", "organisation": "Organisatie", "place": "Plaats",
    "position": "Functie", "contact_person": "Contactpersoon", "channel": "Kanaal", "method": "Manier",
    "fits_capacity": "Past bij belastbaarheid", "external_url": "Link", "status": "Status",
    "follow_up_on": "Opvolgen op", "notes_html": "Notities",
}


@bp.context_processor
def _diary_helpers():
    return {"field_labels": FIELD_LABELS, "kind_labels": dict(ActivityKind.choices())}


@bp.app_template_filter("diary_value")
def diary_value(value, name: str) -> str:
    """A value from an entry's history, readable (labels, Dutch dates, plain notes)."""
    from datetime import date as _date

    from portal.core.templating import date_nl
    from portal.domain.activities import Channel, Method

    if value is None or value == "":
        return "—"
    if name == "status":
        return status_label(value)
    enums = {"kind": ActivityKind, "channel": Channel, "method": Method}
    if name in enums:
        try:
            return enums[name](value).label
        except ValueError:
            return str(value)
    if name in ("entry_date", "follow_up_on"):
        try:
            return date_nl(_date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if name == "fits_capacity":
        return "Ja" if value else "Nee"
    if name == "notes_html":
        return diary.notes_text(value)[:300]
    return str(value)


@bp.app_template_filter("file_size")
def file_size(size: int | None) -> str:
    """A byte count for people: '200 bytes', '14 kB', '1,2 MB' (Dutch decimal comma)."""
    size = max(int(size or 0), 0)
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    for unit, factor in (("kB", 1024), ("MB", 1024 ** 2), ("GB", 1024 ** 3)):
        value = size / factor
        if value < 1024 or unit == "GB":
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"{text.removesuffix('.0').replace('.', ',')} {unit}"
    return f"{size} bytes"  # pragma: no cover - the loop always returns
