"""Imports every feature's models so metadata is complete (Alembic, create_all, tests)."""

from portal import bureau as _bureau  # noqa: F401,E402
from portal import storage as _storage  # noqa: F401,E402
from portal.advisor import models as _advisor  # noqa: F401,E402
from portal.audit import models as _audit  # noqa: F401,E402
from portal.auth.models import AccountToken, Organisation, Role, User  # noqa: F401
from portal.background import models as _background  # noqa: F401,E402
from portal.diary import models as _diary  # noqa: F401,E402
from portal.employer import models as _employer  # noqa: F401,E402
from portal.jobs import models as _jobs  # noqa: F401,E402
from portal.learning import models as _learning  # noqa: F401,E402
from portal.mail.models import OutboxMessage  # noqa: F401
from portal.plan import models as _plan  # noqa: F401,E402
from portal.privacy import models as _privacy  # noqa: F401,E402
from portal.progress_reports import models as _progress_reports  # noqa: F401,E402
from portal.reports import models as _reports  # noqa: F401,E402
from portal.security import models as _security  # noqa: F401,E402

# Feature models: each module defines its own tables.
from portal.timeline import models as _timeline  # noqa: F401,E402
from portal.trajectory.models import Pause, Trajectory, TrajectoryStatus  # noqa: F401
