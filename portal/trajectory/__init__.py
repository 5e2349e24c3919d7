"""Trajectories: the list per role, the trajectory page and its core data."""

from flask import Blueprint

bp = Blueprint("trajectory", __name__, template_folder="templates")

