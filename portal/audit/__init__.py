"""The audit feature (see docs/architecture.md): `audit.record(...)` notes an export explicitly."""

from flask import Blueprint

bp = Blueprint("audit", __name__, template_folder="templates")

from portal.audit.services import record  # noqa: E402,F401 - `audit.record(...)` for callers
