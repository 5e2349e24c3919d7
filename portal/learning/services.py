"""Learning progress and assignments (the learning feature builds on this)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def assignment_done_dates_for(trajectory_ids: Iterable[int]) -> dict[int, list[date]]:
    """Dates on which assignments were approved, per trajectory.

    Until the learning feature stores submissions there is nothing to report.
    """
    return {tid: [] for tid in trajectory_ids}
