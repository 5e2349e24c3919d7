"""Views of the audit feature."""

from portal.audit import bp  # noqa: F401
