"""Views of the plan feature."""

from portal.plan import bp  # noqa: F401
