"""Agreements drive the numbers: the target in force per week when the plan changes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event

from portal.domain.evidence import TargetVersion
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.services import target_for, target_versions_for
from tests.factories import TrajectoryFactory
from tests.plan.factories import publish

START = date(2026, 3, 2)  # a Monday


def _plan_with_mid_trajectory_change():
    t = TrajectoryFactory(spoor2_start=START, weekly_target=2)
    publish(t, 2, effective_from=START)
    publish(t, 3, effective_from=date(2026, 3, 18))  # a Wednesday: applies from the next week
    return t


def test_target_versions_for_returns_each_version_from_its_effective_date(app):
    t = _plan_with_mid_trajectory_change()
    other = TrajectoryFactory()
    versions = target_versions_for([t.id, other.id])
    assert versions[t.id] == [TargetVersion(START, 2, 1), TargetVersion(date(2026, 3, 18), 3, 2)]
    assert versions[other.id] == []
    assert target_versions_for([]) == {}


def test_target_for_gives_the_target_in_force_per_week(app):
    t = _plan_with_mid_trajectory_change()
    target = target_for(t)
    weeks = [Week.of(START + timedelta(weeks=i)) for i in range(5)]
    assert [target(w) for w in weeks] == [2, 2, 2, 3, 3]
    assert t.weekly_target == 3  # simple displays show the current version's target


def test_the_evidence_service_measures_each_week_against_its_version(app):
    from portal.casefile.evidence import load_evidence

    t = _plan_with_mid_trajectory_change()
    db.session.flush()
    evidence = load_evidence(t, today=date(2026, 4, 6))
    assert [w.target for w in evidence.weeks[:5]] == [2, 2, 2, 3, 3]
    assert evidence.totals["target_sum"] == 2 + 2 + 2 + 3 + 3


def test_without_a_plan_the_trajectory_target_applies(app):
    t = TrajectoryFactory(weekly_target=4)
    assert target_for(t)(Week.of(t.spoor2_start)) == 4


def test_target_versions_for_uses_a_constant_number_of_queries(app):
    few = [_plan_with_mid_trajectory_change() for _ in range(2)]
    many = few + [_plan_with_mid_trajectory_change() for _ in range(6)]
    db.session.flush()

    def count(trajectories):
        statements = []

        def listener(*args):
            statements.append(args)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            target_versions_for([t.id for t in trajectories])
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count(few) == count(many) == 1
