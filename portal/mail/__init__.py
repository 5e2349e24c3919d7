"""Outgoing mail: the outbox table, templates and the queueing service."""

from flask import Blueprint

bp = Blueprint("mail", __name__, template_folder="templates")

VIEW_MODULES = ()  # no routes: templates and services only
