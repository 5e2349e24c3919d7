"""Jinja filters and globals shared by every template (Dutch dates, menu, policy)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from flask import Flask, request
from flask import url_for as flask_url_for
from flask_login import current_user

from portal.clock import LOCAL_TZ, local_today
from portal.domain.weeks import Week
from portal.registry import ACCOUNT_GROUP, menu_for
from portal.sanitize import render_markdown, safe_html, safe_url

NL = Locale.parse("nl_NL")  # parsed once: babel parses a locale name on every call


def date_nl(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    """Format a date the Dutch way ("3 maart 2026"); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        try:
            value = value.astimezone(LOCAL_TZ).date()
        except OverflowError:  # a stored year-9999 typo: show it as it is, never fail the page
            value = value.date()
    return _format_date(value, fmt)


def datetime_nl(value: datetime | None, fmt: str = "d MMMM y 'om' HH:mm") -> str:
    """Format a timestamp in Dutch local time."""
    if value is None:
        return ""
    try:
        return _format_datetime(value, fmt)
    except (OverflowError, ValueError):  # local time beyond year 9999: show the stored UTC value
        return f"{value:%d-%m-%Y %H:%M} UTC"


# Babel takes tens of microseconds per date, and a candidate file shows a hundred of them;
# the same dates come back on every page, so each (value, pattern) is formatted once.
@lru_cache(maxsize=16384)
def _format_date(value: date, fmt: str) -> str:
    return format_date(value, fmt, locale=NL)


@lru_cache(maxsize=16384)
def _format_datetime(value: datetime, fmt: str) -> str:
    return format_datetime(value, fmt, tzinfo=LOCAL_TZ, locale=NL)


def week_label(week: Week | date) -> str:
    """"week 3 (13-19 jan 2026)" for a week or any day in it."""
    week = week if isinstance(week, Week) else Week.of(week)
    return _week_label(week.monday)


@lru_cache(maxsize=4096)
def _week_label(monday: date) -> str:
    _, number = Week(monday).iso
    return f"week {number} ({_format_date(monday, 'd MMM')} – {_format_date(monday + timedelta(days=6), 'd MMM y')})"


@lru_cache(maxsize=512)
def _static_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def register_static_versioning(app: Flask) -> None:
    """Add ?v=<content hash> to static URLs and let browsers cache those for a year."""

    known: dict[str, str] = {}  # filename -> version; files only change with a deploy (a restart)

    def version_of(filename: str) -> str:
        path = Path(app.static_folder) / filename
        return _static_version(str(path), path.stat().st_mtime) if path.is_file() else ""

    @app.url_defaults
    def add_static_version(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            filename = values["filename"]
            if app.debug:  # a developer edits the files while the server runs
                version = version_of(filename)
            elif (version := known.get(filename)) is None:
                version = known[filename] = version_of(filename)
            if version:
                values["v"] = version

    add_static_version.request_independent = True  # the file's content decides: see register_url_cache

    def max_age(filename):
        return app.config["STATIC_MAX_AGE"] if request.args.get("v") else 3600

    app.get_send_file_max_age = max_age


def register_url_cache(app: Flask) -> None:
    """Templates' url_for() remembers the URLs it built.

    A page builds dozens of URLs (menu, static files, a link per row); for the same
    endpoint and values the answer never changes while the process runs, as long as
    nothing about the request takes part in building it. The key holds what does today
    (script root, blueprint for relative endpoints). A request-dependent `url_defaults` or
    `url_value_preprocessor` (a language, a tenant) would make a URL depend on more than
    the key, so once the app has one not marked `request_independent` (as the static
    versioning is), every URL is built anew: the cache switches itself off instead of
    serving another request's URL. Off in debug too (static files change).
    """
    build = flask_url_for

    @lru_cache(maxsize=32768)
    def cached(script_root: str, blueprint: str | None, endpoint: str, items: tuple) -> str:
        return build(endpoint, **dict(items))

    def request_shapes_urls() -> bool:
        hooks = [*app.url_default_functions.values(), *app.url_value_preprocessors.values()]
        return any(not getattr(hook, "request_independent", False) for group in hooks for hook in group)

    def url_for(endpoint: str, **values) -> str:
        if app.debug or request_shapes_urls() or any(name.startswith("_") for name in values):
            return build(endpoint, **values)  # _external, _anchor, ... or URLs shaped per request
        try:
            items = tuple(values.items())  # in the order given: it is the order of the query string
            hash(items)
        except TypeError:  # a value that cannot be a key (a list of query values)
            return build(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        return cached(request.script_root, blueprint, endpoint, items)

    url_for.cache_info = cached.cache_info  # type: ignore[attr-defined]
    app.jinja_env.globals["url_for"] = url_for


def register_templating(app: Flask) -> None:
    register_static_versioning(app)
    register_url_cache(app)
    app.jinja_env.filters.update(
        date_nl=date_nl,
        datetime_nl=datetime_nl,
        week_label=week_label,
        markdown=render_markdown,
        safe_html=safe_html,
        safe_url=safe_url,
    )
    from portal.employer_gate import NOTICE

    app.jinja_env.globals.update(local_today=local_today, employer_notice=NOTICE)

    from portal.policy import template_helpers  # here, not at import: policy loads the models

    @app.context_processor
    def inject_shared():
        menu = menu_for(current_user._get_current_object(), app.jinja_env.globals["url_for"])
        account = next((e.items for e in menu if e.group and e.group.key == ACCOUNT_GROUP), ())
        return {"nav_entries": [e for e in menu if not (e.group and e.group.key == ACCOUNT_GROUP)],
                "account_items": account, "nav_badge": _nav_badge, **template_helpers()}

    def _nav_badge(item) -> int:
        return item.badge(current_user._get_current_object()) if item.badge else 0
