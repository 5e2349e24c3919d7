"""Views of the advisor feature."""

from portal.advisor import bp  # noqa: F401
