"""Accounts: login, logout, invitations, password reset and account settings."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

