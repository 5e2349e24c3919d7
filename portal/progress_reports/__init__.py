"""Progress reports and the end report (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("progress_reports", __name__, template_folder="templates")
