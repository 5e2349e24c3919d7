"""The demo seeder: intake and plan with one revision everywhere; henk in aftercare, yara closed."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.plan import casework, services
from portal.plan.models import Party, PlanConfirmation
from portal.trajectory.models import TrajectoryStatus


def test_demo_plans_are_complete(demo):
    ctx = demo
    assert db.session.scalar(select(func.count()).select_from(PlanConfirmation))
    pending = []
    for key, t in ctx.trajectories.items():
        versions = services.versions_for(t)
        assert len(versions) == 2, key
        assert versions[1].weekly_target == versions[0].weekly_target + 1 == t.weekly_target
        assert versions[1].confirmation_by(Party.CANDIDATE) is not None
        if versions[1].confirmation_by(Party.EMPLOYER) is None:
            pending.append(key)
        assert casework.intake_for(t) is not None, key
        assert services.current_phase(t) is not None, key
    assert pending == ["sanne"]
    henk, yara = ctx.trajectories["henk"], ctx.trajectories["yara"]
    assert henk.status == TrajectoryStatus.PLACED and services.current_phase(henk).code == "aftercare"
    assert [c.held_on is not None for c in casework.placements_for(henk)[0].checkins] == [True, False]
    assert yara.status == TrajectoryStatus.CLOSED and casework.final_evaluation_for(yara) is not None
