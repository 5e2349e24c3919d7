"""The portal's clock: what "today" and "now" mean for the people using it.

Everyone the portal serves lives in the Netherlands, so "today" (this week, overdue, the
running week) is the date in Europe/Amsterdam, whatever time zone the server runs in.
Timestamps are stored in UTC (`db_types.utcnow`) and shown in this zone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()
