"""The reports feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from portal.reports import views  # noqa: E402,F401
