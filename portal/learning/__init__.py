"""The learning feature: module library, lessons, weekly assignments and advisor review."""

from flask import Blueprint

# cli_group=None puts `content-check` and `content-reload` at the top level of `flask`.
bp = Blueprint("learning", __name__, template_folder="templates", cli_group=None)

from portal.learning import cli, views  # noqa: E402,F401
