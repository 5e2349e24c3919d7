"""Layout, home pages per role, error pages and the health endpoint."""

from flask import Blueprint

bp = Blueprint("core", __name__, template_folder="templates")

