"""Imports every feature's models so metadata is complete (Alembic, create_all, tests)."""

from portal.auth.models import AccountToken, Organisation, Role, User  # noqa: F401
from portal.mail.models import OutboxMessage  # noqa: F401
from portal.trajectory.models import Pause, Trajectory, TrajectoryStatus  # noqa: F401
