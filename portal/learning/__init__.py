"""The learning feature: module library, lessons, weekly assignments and advisor review."""

from flask import Blueprint

# cli_group=None puts `content-check` and `content-reload` at the top level of `flask`.
bp = Blueprint("learning", __name__, template_folder="templates", cli_group=None)

# Modules the app factory imports to attach routes, commands and registrations.
VIEW_MODULES = ("cli", "views")
