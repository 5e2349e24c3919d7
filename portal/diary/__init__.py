"""The diary feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("diary", __name__, template_folder="templates")

from portal.diary import exchange_views, views  # noqa: E402,F401
