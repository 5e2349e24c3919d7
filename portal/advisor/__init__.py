"""The advisor feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("advisor", __name__, template_folder="templates")

