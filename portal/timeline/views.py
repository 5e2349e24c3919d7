"""Views of the timeline feature."""

from portal.timeline import bp  # noqa: F401
