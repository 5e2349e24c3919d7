"""Views of the diary feature."""

from portal.diary import bp  # noqa: F401
