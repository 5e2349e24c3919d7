"""How a request's database transaction ends.

Views commit what they change; whatever is left is discarded when the request ends. A
transaction that only read is ended with COMMIT rather than ROLLBACK: for the database
the two are the same, but psycopg forgets every server-side prepared statement of the
connection on ROLLBACK, so PostgreSQL would plan the same statements again on every
request (about a millisecond for the evidence query alone).
"""

from __future__ import annotations

from sqlalchemy import event
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
