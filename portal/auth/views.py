"""Login, logout, invitation acceptance, password reset and the account page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import IntegrityError

from portal.auth import bp
from portal.auth import services as accounts
from portal.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from portal.auth.models import TokenPurpose
from portal.extensions import db, login_manager
from portal.forms import ActionForm
from portal.security import sessions
from portal.security.ratelimit import record_failed_login


@login_manager.user_loader
def load_user(session_id: str):
    return accounts.load_user_from_session(session_id)


login_manager.login_view = "auth.login"
login_manager.login_message = "Log in om deze pagina te bekijken."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


def start_session(user) -> None:
    """Log in on a fresh session (no fixation) and remember when it started."""
    sessions.start_session(user)


def finish_login(user, target: str):
    """A correct password: straight in, or first the second step when two-factor is on."""
    if user.two_factor_enabled:
        sessions.begin_second_step(user, target)
        return redirect(url_for("security.second_step"))
    start_session(user)
    return redirect(target)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:  # e.g. still active in another tab: back to the page
        return redirect(next_url if accounts.is_safe_next(next_url) else url_for("core.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("reden") == "inactief":
        # Sent here by portal.js when the idle time ran out: say why, and where login leads.
        minutes = sessions.seconds("SESSION_IDLE_TIMEOUT") // 60
        flash(f"Je bent automatisch uitgelogd omdat je {minutes} minuten niets hebt gedaan. Log opnieuw in"
              + (", dan ga je terug naar de pagina waar je was." if accounts.is_safe_next(next_url) else "."), "info")
    if form.validate_on_submit():
        result = accounts.attempt_login(form.email.data, form.password.data)
        try:
            db.session.commit()
        except IntegrityError:  # two first failures for one unknown address at once: count one
            db.session.rollback()
        if result.user is not None:
            target = next_url if accounts.is_safe_next(next_url) else url_for("core.home")
            return finish_login(result.user, target)
        record_failed_login(accounts.normalise_email(form.email.data or "")[:254])
        form.password.errors.append(result.error)
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    """Log out here and everywhere else: every session of this user ends."""
    accounts.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Je bent uitgelogd. Tot ziens!", "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_reset(form.email.data)
        db.session.commit()
        flash(
            "Als dit e-mailadres bij ons bekend is, ontvang je binnen enkele minuten een e-mail "
            "met een link om een nieuw wachtwoord te kiezen.",
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def _token_page(token: str, purpose: TokenPurpose, template: str, done_message: str):
    row = accounts.find_valid_token(token, purpose)
    if row is None:
        return render_template("auth/token_invalid.html", purpose=str(purpose)), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = accounts.use_token(row, form.password.data)
        db.session.commit()
        response = finish_login(user, url_for("core.home"))  # a mailed link never skips the code
        flash(done_message, "success")
        return response
    return render_template(template, form=form, user=row.user)


@bp.route("/account/activeren/<token>", methods=["GET", "POST"])
def activate(token: str):
    return _token_page(
        token, TokenPurpose.INVITE, "auth/activate.html",
        "Welkom! Je wachtwoord is ingesteld en je bent ingelogd.",
    )


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _token_page(
        token, TokenPurpose.RESET, "auth/reset.html",
        "Je nieuwe wachtwoord is ingesteld. Andere sessies zijn uitgelogd.",
    )


@bp.route("/account/e-mailadres/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The owner of a new address confirms it (the admin typed it); only then it is used."""
    row = accounts.find_valid_token(token, TokenPurpose.EMAIL_CHANGE)
    if row is None:
        return render_template("auth/token_invalid.html", purpose=str(TokenPurpose.EMAIL_CHANGE)), 404
    form = ActionForm()
    error = None
    if form.validate_on_submit():
        try:
            user = accounts.confirm_email_change(row)
        except ValueError as problem:
            error = str(problem)
        else:
            db.session.commit()
            flash(f"Je e-mailadres is nu {user.email}. Log voortaan daarmee in.", "success")
            return redirect(url_for("core.home" if current_user.is_authenticated else "auth.login"))
    return render_template("auth/confirm_email.html", form=form, row=row, error=error)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not accounts.verify_password(current_user, form.current.data):
            form.current.errors.append("Dit is niet je huidige wachtwoord.")
        else:
            accounts.set_password(current_user, form.password.data)
            db.session.commit()
            start_session(current_user)  # the version changed: renew this session only
            flash("Je wachtwoord is gewijzigd. Je bent op andere apparaten uitgelogd.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)
