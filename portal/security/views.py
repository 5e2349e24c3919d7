"""Views of the security feature."""

from portal.security import bp  # noqa: F401
