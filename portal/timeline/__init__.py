"""The timeline feature: Poortwachter milestones, pauses, notifications and reminders."""

from flask import Blueprint

# cli_group=None: `flask --app wsgi send-reminders`, not `flask timeline send-reminders`.
bp = Blueprint("timeline", __name__, template_folder="templates", cli_group=None)

from portal.timeline import cli, views  # noqa: E402,F401
