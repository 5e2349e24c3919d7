"""Views of the learning feature."""

from portal.learning import bp  # noqa: F401
