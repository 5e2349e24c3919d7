"""The candidate's week progress ("2 van 3 sollicitaties deze week"), from the shared evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.casefile.evidence import load_week
from portal.domain.weeks import Week
from portal.trajectory.models import Trajectory


@dataclass(frozen=True)
class WeekProgress:
    """This week's count against the target, as the candidate sees it."""

    week: Week
    applications: int
    target: int
    other: int
    paused: bool

    @property
    def sentence(self) -> str:
        if self.paused:
            return "Deze week is gepauzeerd: hij telt niet mee."
        word = "sollicitatie" if self.target == 1 else "sollicitaties"
        return f"{self.applications} van {self.target} {word} deze week"

    @property
    def met(self) -> bool:
        return self.paused or self.applications >= self.target


def week_progress(trajectory: Trajectory, today: date) -> WeekProgress:
    """Counted by the shared evidence service, so it equals the advisor's and employer's view."""
    week = Week.of(today)
    row = load_week(trajectory, week, today)
    return WeekProgress(week, row.applications, row.target, row.networking + row.other_activities, row.paused)
