"""Rendered pages kept per process, under a key that names everything they show.

A page may be cached when its key changes whenever its content would: the trajectory's
revision (raised by database triggers on every write to what its pages show, see
portal/trajectory/revision.py), the day and hour (what "this week" and "held before now"
mean), who looks (id, role, name) and their session (its CSRF token is in the page's forms,
so a cached form stays valid for that session only). Access is still checked and audited
on every request before the cache is asked; a page with a flash message is never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime

from flask import current_app, g, message_flashed, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.core.templating import LOCAL_TZ


class PageCache:
    """A small thread-safe LRU of rendered pages."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: Hashable, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.hits = self.misses = 0


def init_app(app) -> None:
    """Every app (a gunicorn worker, a test) has its own cache."""
    app.extensions["page_cache"] = PageCache(size=app.config.get("PAGE_CACHE_SIZE", 2048))

    @app.after_request
    def _say_hit_or_miss(response):
        # X-Page-Cache: hit | miss on every page that asked the cache, so a benchmark (and
        # anyone with the browser's network tab) sees the real hit rate.
        outcome = g.get("page_cache")
        if outcome:
            response.headers["X-Page-Cache"] = outcome
        return response


def stats() -> dict:
    """This worker's cache counters (on /health)."""
    cache = pages()
    return {"hits": cache.hits, "misses": cache.misses, "pages": len(cache._pages), "size": cache.size}


def pages() -> PageCache:
    return current_app.extensions["page_cache"]


def _key(name: str, trajectory, parts: tuple) -> Hashable | None:
    """The key of a trajectory page for the current request, or None when it must not be cached."""
    config = current_app.config
    if not config.get("PAGE_CACHE", True) or config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return None  # cached forms would outlive their CSRF tokens
    if session.get("_flashes"):
        return None  # the message belongs to this one response
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return None
    generate_csrf()  # the session's CSRF secret exists before it becomes part of the key
    hour = datetime.now(LOCAL_TZ).strftime("%Y-%m-%d %H")
    return (name, trajectory.id, trajectory.revision, hour, user.id, user.role, user.name,
            session[config.get("WTF_CSRF_FIELD_NAME", "csrf_token")], parts)


def cached_page(name: str, trajectory, parts: tuple, render: Callable[[], str]) -> str:
    """The page `name` of `trajectory` (with view-specific `parts` of its key), from the
    cache or rendered by `render()` and kept."""
    key = _key(name, trajectory, parts)
    if key is None:
        return render()
    cache = pages()
    page = cache.get(key)
    g.page_cache = "miss" if page is None else "hit"
    if page is None:
        flashed: list[str] = []
        with message_flashed.connected_to(lambda _app, message, category: flashed.append(message),
                                          current_app._get_current_object()):
            page = render()
        if not flashed:  # a message flashed while rendering (shown or not) belongs to this response
            cache.put(key, page)
    return page
