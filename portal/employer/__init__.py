"""The employer feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("employer", __name__, template_folder="templates")

