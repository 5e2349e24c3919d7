"""The timeline feature: Poortwachter milestones, pauses, notifications and reminders."""

from flask import Blueprint

# cli_group=None: `flask --app wsgi send-reminders`, not `flask timeline send-reminders`.
bp = Blueprint("timeline", __name__, template_folder="templates", cli_group=None)

# Modules the app factory imports to attach routes, commands and registrations.
VIEW_MODULES = ('cli', 'views')
