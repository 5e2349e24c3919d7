"""The timeline feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("timeline", __name__, template_folder="templates")

from portal.timeline import views  # noqa: E402,F401
