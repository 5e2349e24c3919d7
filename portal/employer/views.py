"""Views of the employer feature."""

from portal.employer import bp  # noqa: F401
