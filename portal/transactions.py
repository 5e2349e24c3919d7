"""How a request's database transaction begins and ends.

Views commit what they change; whatever is left is discarded when the request ends. A
transaction that only read is ended with COMMIT rather than ROLLBACK: for the database
the two are the same, but psycopg forgets every server-side prepared statement of the
connection on ROLLBACK, so PostgreSQL would plan the same statements again on every
request (about a millisecond for the evidence query alone).

"Only read" is decided per connection, from the statements it ran, by an allow-list: a
statement is a plain read only when SQLAlchemy compiled it from a SELECT (or a UNION of
them) without row locks or DML (also not in a CTE), whose textual fragments only name
columns, compare and bind, and every SQL function it calls is one of READ_ONLY_FUNCTIONS (pure functions, nothing with a side effect or a
transaction-scoped effect such as `nextval`, `set_config(..., true)` or
`pg_advisory_xact_lock`). Anything else (writes through the ORM or Core, `text()`,
savepoints, DDL, an unknown function) marks the connection's transaction as written until
that transaction commits or rolls back. A rolled-back savepoint does not clear the mark:
what was written before it still is. An unknown read merely costs a transaction.

On PostgreSQL a request's SELECTs run without a transaction around them (`BEGIN` and
`COMMIT` are two round trips, a quarter of a cached page's database time); the first
statement that may write opens the transaction, and that transaction commits or rolls
back as before. At READ COMMITTED, PostgreSQL's default, every statement sees the latest
committed data either way, so reads see nothing different. Streamed results (server-side
cursors) need a transaction and get one.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import ColumnClause, TextClause
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import CompoundSelect, Select

from portal.extensions import db

_WROTE = "portal.wrote"  # in a connection's info: its open transaction has run a writing statement
_CONNECTION = "portal.connection"  # in a session's info: the connection of its open transaction

# SQL functions without side effects or transaction-scoped state. A function not listed
# here makes its statement count as writing (safe, only slower on PostgreSQL).
READ_ONLY_FUNCTIONS = frozenset({
    # aggregates and window functions
    "count", "max", "min", "sum", "avg", "array_agg", "string_agg", "group_concat", "bool_and", "bool_or",
    "row_number", "rank", "dense_rank",
    # scalar functions
    "coalesce", "nullif", "lower", "upper", "length", "char_length", "trim", "substr", "substring", "replace",
    "abs", "round", "floor", "ceil", "greatest", "least", "date", "date_trunc", "extract", "strftime",
    "julianday", "unnest", "json_extract",
    # full-text search (PostgreSQL)
    "to_tsvector", "to_tsquery", "plainto_tsquery", "websearch_to_tsquery", "ts_rank", "ts_rank_cd", "setweight",
    # full-text search (SQLite FTS5)
    "bm25", "highlight", "snippet",
})

# Textual SQL inside a SELECT (text(), literal_column()) is read as a fragment: it may name
# columns, compare, bind parameters and call READ_ONLY_FUNCTIONS, nothing else.
_FRAGMENT = re.compile(r"[\w\s.,:*'=<>!+\-/()]*")
_CALL = re.compile(r"([A-Za-z_]\w*)\s*\(")
_WRITING_WORDS = re.compile(r"\b(?:insert|update|delete|merge|into|returning|for|lock|select)\b", re.IGNORECASE)


def _fragment_reads(sql: str) -> bool:
    """A textual fragment that provably only reads (see above); anything else counts as writing."""
    return bool(_FRAGMENT.fullmatch(sql)) and not _WRITING_WORDS.search(sql) and all(
        name.lower() in READ_ONLY_FUNCTIONS for name in _CALL.findall(sql))


_verdicts: WeakKeyDictionary = WeakKeyDictionary()  # compiled statement -> plain read?


def is_plain_read(statement) -> bool:
    """A SELECT (or UNION of SELECTs) that provably neither writes nor holds transaction state."""
    if not isinstance(statement, Select | CompoundSelect):
        return False
    for element in visitors.iterate(statement):
        if isinstance(element, UpdateBase):
            return False  # DML, also inside a CTE
        if isinstance(element, TextClause) and not _fragment_reads(element.text):
            return False
        if isinstance(element, ColumnClause) and element.is_literal and not _fragment_reads(element.name):
            return False
        if isinstance(element, FunctionElement) and getattr(element, "name", "").lower() not in READ_ONLY_FUNCTIONS:
            return False
        if isinstance(element, Select) and element._for_update_arg is not None:
            return False  # FOR UPDATE / FOR SHARE: a lock that lasts the transaction
    return True


def _only_reads(context) -> bool:
    """Whether the statement being executed is a plain read (decided once per compiled form)."""
    compiled = getattr(context, "compiled", None)
    if compiled is None:
        return False  # exec_driver_sql() and the like: raw SQL
    verdict = _verdicts.get(compiled)
    if verdict is None:
        verdict = _verdicts[compiled] = is_plain_read(compiled.statement)
    return verdict


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
    def _before(conn, _cursor, _statement, _parameters, context, _executemany) -> None:
        streamed = context is not None and context.execution_options.get("stream_results", False)
        if _only_reads(context):
            if not streamed:
                return
        else:
            conn.info[_WROTE] = True
        if postgres:
            dbapi_connection = conn.connection.dbapi_connection
            if dbapi_connection.autocommit and conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                dbapi_connection.autocommit = False  # this statement begins the transaction
