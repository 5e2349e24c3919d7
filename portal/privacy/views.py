"""My data (download everything), and erasure on request by an admin."""

from __future__ import annotations

import click
from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.audit.models import AuditAction
from portal.audit.services import record
from portal.auth.models import Role, User
from portal.background import services as background
from portal.extensions import db
from portal.policy import current_trajectory, role_required
from portal.privacy import bp, services
from portal.privacy.forms import EraseForm
from portal.registry import add_nav


@bp.get("/mijn-gegevens")
@role_required(Role.CANDIDATE)
def my_data():
    """What we keep about you, how long, and the download of all of it."""
    trajectory = current_trajectory(current_user)
    return render_template(
        "privacy/my_data.html", trajectory=trajectory,
        retention_ends=services.retention_ends(trajectory) if trajectory else None,
    )


@bp.get("/mijn-gegevens/download")
@role_required(Role.CANDIDATE)
def download():
    """All my data as a ZIP: gegevens.json plus my files."""
    try:
        data = services.export_zip(current_user)
    except services.ExportTooLarge as error:
        flash(str(error), "error")
        return redirect(url_for("privacy.my_data"))
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="mijn-gegevens-tweede-spoor.zip"'
    return response


@bp.route("/beheer/privacy/<int:user_id>/verwijderen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase(user_id: int):
    """Erase a candidate on request: the admin confirms by typing the name."""
    person = db.session.get(User, user_id)
    if person is None or person.role != Role.CANDIDATE:
        return render_template("errors/error.html", code=404, title="Niet gevonden",
                               text="Deze kandidaat bestaat niet (meer)."), 404
    form = EraseForm()
    if form.validate_on_submit():
        if form.confirm_name.data.strip().casefold() != person.name.strip().casefold():
            form.confirm_name.errors.append("Deze naam komt niet overeen. Er is niets verwijderd.")
        else:
            record(AuditAction.ERASE, candidate_id=person.id, detail="Verwijderd op verzoek")
            services.erase_person(person, "request")
            db.session.commit()
            flash("Alle gegevens en bestanden van deze persoon zijn verwijderd.", "success")
            return redirect(url_for("admin.users"))
    return render_template("privacy/erase.html", form=form, person=person)


@click.command("purge-expired")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend it is this day (YYYY-MM-DD).")
def purge_expired_command(today):
    """Erase trajectories whose retention period has ended, keeping only anonymous counts."""
    trajectories, people = services.purge_expired(today.date() if today else None)
    background.purge_finished()  # finished background jobs name a person and a trajectory
    db.session.commit()
    click.echo(f"{trajectories} trajecten en {people} personen verwijderd.")


add_nav("Mijn gegevens", "privacy.my_data", [Role.CANDIDATE], order=90)
