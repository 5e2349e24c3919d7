"""The plan feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("plan", __name__, template_folder="templates")

