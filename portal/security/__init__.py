"""The security feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("security", __name__, template_folder="templates")

