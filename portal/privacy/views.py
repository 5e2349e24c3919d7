"""Views of the privacy feature."""

from portal.privacy import bp  # noqa: F401
