"""The front door: redirect to login or the role's home, the home page, health."""

from __future__ import annotations

import os

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from portal.core import bp
from portal.extensions import csrf, db
from portal.registry import ACCOUNT_GROUP, add_nav_group, panels_for

# The candidate's menu fits one line at 1280 px: the trajectory's own pages under one
# disclosure (a later "/mijn-traject/..." page joins it by its URL), the personal pages
# under the account name, for every role.
add_nav_group("traject", "Mijn traject", ["candidate"], order=30,
              prefixes=("/mijn-traject", "/mijn-plan", "/mijn-contact"),
              current_on=("trajectory.show", "plan.show", "advisor.contact"))
add_nav_group(ACCOUNT_GROUP, "Account", ["candidate", "advisor", "employer", "admin"], order=99,
              prefixes=("/mijn-gegevens", "/account"))


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    return redirect(url_for("auth.login"))


@bp.get("/home")
@login_required
def home():
    """Every role's landing page: the panels that features registered for that role."""
    panels = []
    for panel in panels_for(current_user):
        context = panel.context(current_user)
        if context is not None:
            panels.append((panel.template, context))
    return render_template("core/home.html", panels=panels)


@bp.get("/health")
@csrf.exempt
def health():
    """Liveness and database check for load balancers and monitoring."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok", "worker": os.getpid()}


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("core/accessibility.html")
