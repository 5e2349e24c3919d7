"""Statements built once, for the lookups nearly every request makes.

Building a SELECT and computing its cache key costs SQLAlchemy more than SQLite or
PostgreSQL need to run a primary-key lookup. A statement built once with bind parameters
keeps its cache key, so these lookups cost about half. Use them on hot paths only; a
`functools.cache`d builder with `bindparam`s is the pattern (see `casefile.evidence`).
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from sqlalchemy import Select, bindparam, inspect, select

from portal.extensions import db

T = TypeVar("T")


@cache
def _by_id(model) -> Select:
    return select(model).where(model.id == bindparam("id"))


def get_by_id(model: type[T], ident: int) -> T | None:
    """`db.session.get(model, ident)`: the identity map first, else one prepared SELECT."""
    obj = db.session.identity_map.get(db.session.identity_key(model, ident))
    if obj is not None and not inspect(obj).expired and obj not in db.session.deleted:
        return obj
    return db.session.execute(_by_id(model), {"id": ident}).scalar_one_or_none()
