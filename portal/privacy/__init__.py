"""The privacy feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

