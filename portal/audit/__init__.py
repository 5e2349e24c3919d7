"""The audit feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("audit", __name__, template_folder="templates")

