"""Diary import (upload, preview, confirm) and export (CSV, JSON)."""

from __future__ import annotations

import base64
import binascii

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.clock import local_today
from portal.diary import bp, exchange
from portal.diary import services as diary
from portal.diary.forms import ConfirmImportForm, ImportForm
from portal.domain import bounds
from portal.domain.words import counted
from portal.extensions import db
from portal.policy import trajectory_or_404


def _back(trajectory) -> str:
    if current_user.role == "candidate":
        return url_for("diary.index")
    return url_for("diary.trajectory_diary", trajectory_id=trajectory.id)


@bp.route("/trajecten/<int:trajectory_id>/dagboek/importeren", methods=["GET", "POST"])
@login_required
def import_csv(trajectory_id: int):
    """Upload a CSV and see what would be imported; nothing is stored yet."""
    trajectory = trajectory_or_404(trajectory_id, "diary.import")
    form = ImportForm()
    parsed = payload = None
    if form.validate_on_submit():
        data = form.file.data.stream.read(exchange.MAX_BYTES + 1)
        try:
            parsed = exchange.check_import(trajectory, data, local_today())
        except exchange.ImportFileError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            payload = base64.b64encode(data).decode("ascii")
    return _render_import(trajectory, form, parsed, ConfirmImportForm(payload=payload))


def _render_import(trajectory, form, parsed, confirm_form):
    return render_template("diary/import.html", trajectory=trajectory, form=form, parsed=parsed,
                           confirm_form=confirm_form, back=_back(trajectory), accepted=exchange.ACCEPTED,
                           columns=list(exchange.COLUMNS), required=exchange.REQUIRED, counted=counted)


@bp.get("/trajecten/<int:trajectory_id>/dagboek/importeren/voorbeeld.csv")
@login_required
def import_template(trajectory_id: int):
    """An import file to fill in: the columns and one example row."""
    trajectory_or_404(trajectory_id, "diary.import")
    return Response(exchange.template_csv(local_today()), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="dagboek-importeren-voorbeeld.csv"',
        "X-Content-Type-Options": "nosniff",
    })


@bp.post("/trajecten/<int:trajectory_id>/dagboek/importeren/bevestigen")
@login_required
def import_confirm(trajectory_id: int):
    """Import the previewed file: every row, or none when any row fails."""
    trajectory = trajectory_or_404(trajectory_id, "diary.import")
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.payload.data or "", validate=True)
        parsed = exchange.check_import(trajectory, data, local_today())
    except (binascii.Error, exchange.ImportFileError):
        flash("Het bestand kon niet opnieuw worden gelezen. Kies het nog een keer.", "error")
        return redirect(url_for("diary.import_csv", trajectory_id=trajectory.id))
    if parsed.errors:
        flash("Er is niets geïmporteerd: het bestand heeft regels met fouten.", "error")
        return _render_import(trajectory, ImportForm(formdata=None), parsed, ConfirmImportForm(formdata=None))
    if not parsed.rows:
        flash("Er is niets geïmporteerd: alles uit dit bestand staat al in het dagboek.", "info")
        return redirect(_back(trajectory))
    created = exchange.import_entries(trajectory, current_user, parsed)
    db.session.commit()
    skipped = (f" {counted(len(parsed.duplicates), 'regel stond', 'regels stonden')} al in het dagboek en "
               f"{'is' if len(parsed.duplicates) == 1 else 'zijn'} overgeslagen." if parsed.duplicates else "")
    flash(f"{counted(len(created), 'activiteit', 'activiteiten')} geïmporteerd.{skipped}", "success")
    return redirect(_back(trajectory))


@bp.get("/trajecten/<int:trajectory_id>/dagboek/export.<fmt>")
@login_required
def export(trajectory_id: int, fmt: str):
    """The diary as CSV (safe for spreadsheets) or JSON; deleted entries are left out."""
    trajectory = trajectory_or_404(trajectory_id, "diary.view")
    if fmt not in ("csv", "json"):
        abort(404)
    cap = current_app.config.get("EXPORT_MAX_ROWS", bounds.EXPORT_MAX_ROWS)
    too_many = bounds.too_many_entries(diary.count_entries(trajectory), cap,
                                       "Vraag je adviseur om het dagboek in delen te exporteren.")
    if too_many:  # counted before anything is loaded
        flash(too_many, "error")
        return redirect(_back(trajectory))
    entries = diary.search_entries(trajectory, full=True, limit=cap)[::-1]
    today = local_today()
    name = f"dagboek-{trajectory.reference}-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        body, mimetype = exchange.export_csv(entries), "text/csv; charset=utf-8"
    else:
        body, mimetype = exchange.export_json(trajectory, entries, today), "application/json"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
    })
