"""How a request's database transaction begins and ends.

Views commit what they change; whatever is left is discarded when the request ends. A
transaction that only read is ended with COMMIT rather than ROLLBACK: for the database
the two are the same, but psycopg forgets every server-side prepared statement of the
connection on ROLLBACK, so PostgreSQL would plan the same statements again on every
request (about a millisecond for the evidence query alone).

On PostgreSQL a request's SELECTs run without a transaction around them (`BEGIN` and
`COMMIT` are two round trips, a quarter of a cached page's database time); the first
statement that may write (anything but a plain SELECT) opens the transaction, and that
transaction commits or rolls back as before. At READ COMMITTED, PostgreSQL's default,
every statement sees the latest committed data either way, so reads see nothing different.
"""

from __future__ import annotations

import re

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session

from portal.extensions import db

_WROTE = "portal.wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:  # INSERT, UPDATE, DELETE or plain text: assume it wrote
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    session.info.pop(_WROTE, None)


def end_request_transaction(exc: BaseException | None = None) -> None:
    """teardown_request: COMMIT a transaction that only read; anything else is left to roll back."""
    session = db.session()
    if exc is None and session.in_transaction() and not session.info.get(_WROTE) \
            and not (session.new or session.dirty or session.deleted):
        try:
            session.commit()
        except Exception:  # noqa: BLE001 - nothing was written; the rollback at teardown follows
            session.rollback()


_LOCKING = re.compile(r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.IGNORECASE)


def _only_reads(statement: str) -> bool:
    """A plain SELECT: no row locks, and no WITH (a CTE may hold an INSERT or DELETE)."""
    return statement.lstrip()[:6].upper() == "SELECT" and not _LOCKING.search(statement)


def reads_without_transaction(engine: Engine) -> None:
    """PostgreSQL: run SELECTs in autocommit until a statement may write (see the module)."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, proxy) -> None:
        dbapi_connection.autocommit = True  # a connection comes from the pool idle

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany) -> None:
        dbapi_connection = conn.connection.dbapi_connection
        if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # asked for by the caller (VACUUM, CREATE DATABASE): leave it so
        if dbapi_connection.autocommit and not _only_reads(statement):
            dbapi_connection.autocommit = False  # this statement begins the transaction
