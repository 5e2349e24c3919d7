"""Views of the jobs feature."""

from portal.jobs import bp  # noqa: F401
