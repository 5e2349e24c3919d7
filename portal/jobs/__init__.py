"""The jobs feature: vacancies, search, import, paste, fit with the search profile (see docs)."""

from flask import Blueprint

# cli_group=None: `flask import-vacancies` sits at the top level, beside seed-demo.
bp = Blueprint("jobs", __name__, template_folder="templates", cli_group=None)

# Modules the app factory imports to attach routes, commands and registrations.
VIEW_MODULES = ("cli", "demo", "views")
