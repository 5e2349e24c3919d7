"""The advisor feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("advisor", __name__, template_folder="templates")

from portal.advisor import views  # noqa: E402,F401
