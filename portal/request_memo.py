"""Remember a value for the rest of the request.

The home page is built from panels of several features that each ask the same question
(the candidate's trajectory, an employer's trajectories); within one request the answer
does not change. The memo lives in the request's WSGI environ, so it ends with the request
(Flask's `g` can outlive a request when an application context was pushed around it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")
_KEY = "portal.request_memo"


def remembered(key: Hashable, build: Callable[[], T]) -> T:
    """`build()` the first time `key` is asked for in this request; outside a request, always."""
    if not has_request_context():
        return build()
    memo = request.environ.setdefault(_KEY, {})
    if key not in memo:
        memo[key] = build()
    return memo[key]


def forget(key: Hashable) -> None:
    """Drop a remembered value (after a change that alters the answer)."""
    if has_request_context():
        request.environ.get(_KEY, {}).pop(key, None)
