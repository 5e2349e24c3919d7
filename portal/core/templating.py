"""Jinja filters and globals shared by every template (Dutch dates, menu, policy)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import Flask
from flask_login import current_user

from portal.core.links import link_to
from portal.domain.weeks import Week
from portal.policy import template_helpers
from portal.registry import nav_for
from portal.sanitize import render_markdown, safe_html

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def date_nl(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    """Format a date the Dutch way ("3 maart 2026"); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return format_date(value, fmt, locale="nl_NL")


def datetime_nl(value: datetime | None, fmt: str = "d MMMM y 'om' HH:mm") -> str:
    """Format a timestamp in Dutch local time."""
    if value is None:
        return ""
    return format_datetime(value, fmt, tzinfo=LOCAL_TZ, locale="nl_NL")


def week_label(week: Week | date) -> str:
    """"week 3 (13-19 jan 2026)" for a week or any day in it."""
    week = week if isinstance(week, Week) else Week.of(week)
    _, number = week.iso
    first = format_date(week.monday, "d MMM", locale="nl_NL")
    last = format_date(week.sunday, "d MMM y", locale="nl_NL")
    return f"week {number} ({first} – {last})"


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()


def register_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        date_nl=date_nl,
        datetime_nl=datetime_nl,
        week_label=week_label,
        markdown=render_markdown,
        safe_html=safe_html,
    )
    app.jinja_env.globals.update(local_today=local_today, link_to=link_to)

    @app.context_processor
    def inject_shared():
        return {"nav_items": nav_for(current_user), **template_helpers()}
