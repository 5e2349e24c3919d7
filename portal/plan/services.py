"""The agreed plan: targets in force per week, phases (the plan feature builds on this)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from portal.domain.evidence import TargetVersion, target_schedule
from portal.domain.weeks import Week
from portal.trajectory.models import Trajectory


def target_versions_for(trajectory_ids: Iterable[int]) -> dict[int, list[TargetVersion]]:
    """The weekly targets agreed in plan versions, per trajectory (oldest first)."""
    return {tid: [] for tid in trajectory_ids}


def target_for(trajectory: Trajectory) -> Callable[[Week], int]:
    """The weekly application target in force for any week of this trajectory."""
    versions = target_versions_for([trajectory.id])[trajectory.id]
    return target_schedule(versions, trajectory.weekly_target)
