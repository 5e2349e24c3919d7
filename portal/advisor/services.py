"""Advisor contacts and notes (the advisor feature builds on this)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def contact_dates_for(trajectory_ids: Iterable[int], start: date, end: date) -> dict[int, list[date]]:
    """Dates of contacts between advisor and candidate in [start, end], per trajectory.

    Until the advisor feature stores appointments there is nothing to report.
    """
    return {tid: [] for tid in trajectory_ids}
