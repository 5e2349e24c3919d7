"""Bureau administration: users, invitations, organisations, trajectories, dev outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/beheer")

