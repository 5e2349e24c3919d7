"""How a request's database transaction begins and ends.

Views commit what they change; whatever is left is discarded when the request ends. A
transaction that only read is ended with COMMIT rather than ROLLBACK: for the database
the two are the same, but psycopg forgets every server-side prepared statement of the
connection on ROLLBACK, so PostgreSQL would plan the same statements again on every
request (about a millisecond for the evidence query alone).

"Only read" is decided per connection, from the SQL it ran: any statement that is not a
plain SELECT (writes through the ORM or Core, row locks, CTEs, savepoints, DDL) marks the
connection's transaction as written until that transaction commits or rolls back. A
rolled-back savepoint does not clear the mark: what was written before it still is.

On PostgreSQL a request's SELECTs run without a transaction around them (`BEGIN` and
`COMMIT` are two round trips, a quarter of a cached page's database time); the first
statement that may write opens the transaction, and that transaction commits or rolls
back as before. At READ COMMITTED, PostgreSQL's default, every statement sees the latest
committed data either way, so reads see nothing different. Streamed results (server-side
cursors) need a transaction and get one.
"""

from __future__ import annotations

import re

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portal.extensions import db

_WROTE = "portal.wrote"  # in a connection's info: its open transaction has run a writing statement
_CONNECTION = "portal.connection"  # in a session's info: the connection of its open transaction

_LOCKING = re.compile(r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.IGNORECASE)


def _only_reads(statement: str) -> bool:
    """A plain SELECT: no row locks, and no WITH (a CTE may hold an INSERT or DELETE)."""
    return statement.lstrip()[:6].upper() == "SELECT" and not _LOCKING.search(statement)


@event.listens_for(Session, "after_begin")
def _began(session: Session, _transaction, connection) -> None:
    session.info[_CONNECTION] = connection


@event.listens_for(Session, "after_transaction_end")
def _session_ended(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(_CONNECTION, None)


def end_request_transaction(exc: BaseException | None = None) -> None:
    """teardown_request: COMMIT a transaction that only read; anything else is left to roll back."""
    session = db.session()
    connection = session.info.get(_CONNECTION)
    if exc is None and connection is not None and not connection.info.get(_WROTE) \
            and not (session.new or session.dirty or session.deleted):
        try:
            session.commit()
        except Exception:  # noqa: BLE001 - nothing was written; the rollback at teardown follows
            session.rollback()


def watch_transactions(engine: Engine) -> None:
    """Mark connections that wrote; on PostgreSQL also read in autocommit (see the module)."""
    postgres = engine.dialect.name == "postgresql"

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        record.info.pop(_WROTE, None)
        if postgres:
            dbapi_connection.autocommit = True  # a connection comes from the pool idle

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _ended(conn) -> None:
        conn.info.pop(_WROTE, None)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, _cursor, statement, _parameters, context, _executemany) -> None:
        streamed = context is not None and context.execution_options.get("stream_results", False)
        if _only_reads(statement):
            if not streamed:
                return
        else:
            conn.info[_WROTE] = True
        if postgres:
            dbapi_connection = conn.connection.dbapi_connection
            if dbapi_connection.autocommit and conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                dbapi_connection.autocommit = False  # this statement begins the transaction
