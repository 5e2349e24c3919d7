"""Layout, home pages per role, error pages and the health endpoint."""

from flask import Blueprint

bp = Blueprint("core", __name__, template_folder="templates")

from portal.core import views  # noqa: E402,F401
