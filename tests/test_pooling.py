"""Pooled connections are checked before use only after sitting idle; a dead one is replaced."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from portal import pooling
from portal.extensions import db


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(pooling.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def pings(app, monkeypatch):
    calls = []
    real = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping", lambda conn: calls.append(conn) or real(conn))
    return calls


def _fresh_pool() -> None:
    """Start from an empty pool: connections of earlier tests carry the real clock's times."""
    db.session.remove()
    db.engine.dispose()


def _use():
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT 1")).scalar(), conn.connection.dbapi_connection


def test_a_connection_in_steady_use_is_not_pinged(app, clock, pings):
    _fresh_pool()
    _use()
    for _ in range(3):
        clock[0] += app.config["PING_AFTER_IDLE"] - 1
        _use()
    assert pings == []


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(app, clock, pings):
    _fresh_pool()
    _, first = _use()
    clock[0] += app.config["PING_AFTER_IDLE"] + 1
    _, again = _use()
    assert len(pings) == 1 and again is first  # alive: kept

    first.close()  # the database went away while the connection sat in the pool
    clock[0] += app.config["PING_AFTER_IDLE"] + 1
    value, replaced = _use()
    assert value == 1 and replaced is not first
