"""Check a pooled database connection before use, when it may have gone stale.

SQLAlchemy's `pool_pre_ping` checks every connection on every checkout: one extra round
trip per request, about a tenth of a simple page's database time on PostgreSQL. A
connection in steady use cannot have gone stale unnoticed, so it is checked only after
it sat idle for PING_AFTER_IDLE seconds (a restarted database or a dropped connection is
noticed then, as before); a dead one is replaced before the request uses it.
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

_IDLE_SINCE = "portal.idle_since"


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Install the check on `engine`'s pool."""

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, proxy) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # a new connection, or one in steady use
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("the pooled connection is gone") from error
        if not alive:
            raise DisconnectionError("the pooled connection is gone")
