"""The second login step, two-factor enrolment and keeping a session alive."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from portal.auth import services as accounts
from portal.db_types import utcnow
from portal.extensions import db
from portal.security import bp, ratelimit, twofactor
from portal.security.forms import CodeForm
from portal.security.sessions import pending_user, start_session
from portal.security.sessions import seconds as session_seconds

WRONG_CODE = "Deze code klopt niet of is al gebruikt. Wacht op de volgende code en probeer het opnieuw."
LOCKED = ("Er zijn te veel verkeerde codes ingevuld. Om je account te beschermen kun je het later opnieuw "
          "proberen (na een kwartier, of morgen). Lukt het niet, neem dan contact op met je adviseur.")


@bp.route("/inloggen/code", methods=["GET", "POST"])
def second_step():
    """After the password: the code from the authenticator app (or a recovery code)."""
    user = pending_user()
    if user is None:
        if current_user.is_authenticated:
            return redirect(url_for("core.home"))
        flash("Log opnieuw in.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    submitted = form.validate_on_submit()
    if submitted and ratelimit.second_step_locked(user):
        form.code.errors.append(LOCKED)  # locked: the code is not even checked
    elif submitted:
        if twofactor.verify(user, form.code.data):
            target = session.get("pending_next") or url_for("core.home")
            user.last_login_at = utcnow()
            db.session.commit()
            start_session(user)  # privilege change: a new session
            return redirect(target if accounts.is_safe_next(target) else url_for("core.home"))
        db.session.rollback()
        ratelimit.record_failed_second_step(user)  # its own counter: never the password's
        form.code.errors.append(WRONG_CODE)
    return render_template("security/second_step.html", form=form)


@bp.route("/account/tweestapsverificatie", methods=["GET", "POST"])
@login_required
def enrol():
    """Switch two-factor on (QR code and secret), make new recovery codes, or (candidates) switch off."""
    user = current_user._get_current_object()
    form = CodeForm()
    if user.two_factor_enabled:
        return _manage(user, form)
    secret = session.get("enrol_secret")
    if not secret or request.method == "GET":
        secret = session["enrol_secret"] = twofactor.new_secret()
    if form.validate_on_submit():
        step = twofactor.matching_step(secret, form.code.data, None)
        if step is None:
            form.code.errors.append("Deze code klopt niet. Controleer de tijd op je telefoon en probeer het opnieuw.")
        else:
            codes = twofactor.enable(user, secret, step)
            db.session.commit()
            start_session(user)  # privilege change: a new session
            return render_template("security/recovery_codes.html", codes=codes, first=True)
    return render_template(
        "security/enrol.html", form=form, secret=secret, qr=twofactor.qr_svg(user, secret),
        required=twofactor.required_for(user),
    )


def _manage(user, form):
    action = request.form.get("action", "")
    if form.validate_on_submit():
        if not twofactor.verify(user, form.code.data):
            db.session.commit()
            form.code.errors.append(WRONG_CODE)
        elif action == "codes":
            codes = twofactor.new_recovery_codes(user)
            db.session.commit()
            return render_template("security/recovery_codes.html", codes=codes, first=False)
        elif action == "disable" and not twofactor.required_for(user):
            twofactor.disable(user)
            db.session.commit()
            flash("Tweestapsverificatie staat uit.", "success")
            return redirect(url_for("auth.account"))
        else:
            abort(400)
    return render_template(
        "security/manage.html", form=form, required=twofactor.required_for(user),
        unused=twofactor.unused_recovery_codes(user),
    )


@bp.post("/sessie/verlengen")
@login_required
def keepalive():
    """Called by the idle-timeout warning ("ingelogd blijven"); the request itself renews the session."""
    seconds = session_seconds("SESSION_IDLE_TIMEOUT")
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return {"status": "ok", "idle_timeout_seconds": seconds}
    flash("Je blijft ingelogd.", "success")
    target = request.form.get("next") or url_for("core.home")
    return redirect(target if accounts.is_safe_next(target) else url_for("core.home"))
