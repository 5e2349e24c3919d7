"""The diary feature (see docs/architecture.md)."""

from flask import Blueprint

bp = Blueprint("diary", __name__, template_folder="templates")

# Modules the app factory imports to attach routes, commands and registrations.
VIEW_MODULES = ('exchange_views', 'views')
