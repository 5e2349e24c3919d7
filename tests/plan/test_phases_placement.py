"""Phases with their history, placement with aftercare, and closing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.plan import casework, services
from portal.plan.models import Phase
from portal.plan.rules import add_months
from portal.trajectory.models import TrajectoryStatus
from tests.factories import TrajectoryFactory, world


def test_phase_history_is_dated_and_kept(app):
    w = world()
    t = w["t1"]
    assert services.current_phase(t) is None
    services.change_phase(t, Phase.ORIENTATION, t.spoor2_start, w["advisor1"])
    services.change_phase(t, Phase.PROFILE_CV, t.spoor2_start + timedelta(weeks=2), w["advisor1"], "Cv-module gestart")
    history = services.phase_history(t)
    assert [(p.code, p.since) for p in history] == [
        ("orientation", t.spoor2_start), ("profile_cv", t.spoor2_start + timedelta(weeks=2))]
    current = services.current_phase(t)
    assert (current.code, current.label, current.note) == ("profile_cv", "Profiel en cv", "Cv-module gestart")
    assert services.current_phases_for([t.id, w["t2"].id]) == {t.id: current}


def test_phase_cannot_go_back_in_time_or_repeat(app):
    t = TrajectoryFactory()
    services.change_phase(t, Phase.JOB_HUNTING, t.spoor2_start + timedelta(weeks=3), None)
    with pytest.raises(services.PlanError):
        services.change_phase(t, Phase.PROFILE_CV, t.spoor2_start, None)
    with pytest.raises(services.PlanError):
        services.change_phase(t, Phase.JOB_HUNTING, t.spoor2_start + timedelta(weeks=4), None)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 4) == date(2026, 5, 15)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)


def test_placement_sets_status_phase_and_schedules_aftercare(app):
    w = world()
    t = w["t1"]
    services.change_phase(t, Phase.JOB_HUNTING, t.spoor2_start, w["advisor1"])
    start = date.today()
    placement = casework.record_placement(
        t, w["advisor1"], organisation="Gemeente Tiel", role="Baliemedewerker", hours_per_week=24,
        start_on=start, kind="paid_job",
    )
    assert t.status == TrajectoryStatus.PLACED
    assert services.current_phase(t).code == "placement"
    assert [c.due_on for c in placement.checkins] == [add_months(start, 2), add_months(start, 4)]
    assert casework.due_checkins_for([t.id], add_months(start, 2)) == {t.id: [placement.checkins[0]]}

    first = placement.checkins[0]
    casework.record_checkin(first, w["advisor1"], held_on=add_months(start, 2), how_it_goes="Gaat goed",
                            agreements="Uren opbouwen")
    assert first.held_on and first.recorded_at and first.how_it_goes == "Gaat goed"
    with pytest.raises(services.PlanError):
        casework.record_checkin(first, w["advisor1"], held_on=date.today(), how_it_goes="Nog eens")
    extra = casework.schedule_checkin(placement, add_months(start, 6))
    assert extra in placement.checkins


def test_closing_records_a_final_evaluation(app):
    w = world()
    t = w["t1"]
    evaluation = casework.close_trajectory(t, w["advisor1"], evaluated_on=date.today(), outcome="new_employer",
                                           summary="Duurzaam geplaatst.")
    assert t.status == TrajectoryStatus.CLOSED and t.closed_on == date.today()
    assert casework.final_evaluation_for(t) is evaluation
    assert evaluation.outcome_label == "Werk bij een andere werkgever"
    with pytest.raises(services.PlanError):
        casework.close_trajectory(t, w["advisor1"], evaluated_on=date.today(), outcome="other", summary="x")
    with pytest.raises(services.PlanError):
        casework.record_placement(t, w["advisor1"], organisation="X", role="Y", hours_per_week=8,
                                  start_on=date.today(), kind="training")


def test_employer_summary_has_plan_and_phases_but_no_intake(app):
    from tests.plan.factories import IntakeFactory, publish

    w = world()
    t = w["t1"]
    IntakeFactory(trajectory=t)
    version = publish(t, 3, goals="Werk als planner")
    services.confirm_version(version, w["candidate1"])
    services.change_phase(t, Phase.ORIENTATION, t.spoor2_start, w["advisor1"])
    summary = services.plan_summary_for_employer(t)
    assert summary.goals == "Werk als planner" and summary.weekly_target == 3
    assert summary.activities == ["3 sollicitaties per week"]
    assert summary.confirmations[0][0] == "Kandidaat" and summary.awaiting == ["Werkgever"]
    assert summary.current_phase.code == "orientation"
    assert "GEHEIM" not in repr(summary)


def test_phase_timeline_lists_every_phase_of_the_method(app):
    from portal.plan.models import Phase

    t = TrajectoryFactory()
    services.change_phase(t, Phase.ORIENTATION, date(2026, 1, 5), None)
    services.change_phase(t, Phase.JOB_HUNTING, date(2026, 2, 2), None)
    steps = services.phase_timeline(services.phase_history(t))
    assert [s.phase for s in steps] == list(Phase)
    assert [s.state for s in steps] == ["done", "skipped", "skipped", "current", "upcoming", "upcoming", "upcoming"]
    assert steps[0].entries[0].since == date(2026, 1, 5)
    assert [s.state for s in services.phase_timeline([])] == ["upcoming"] * len(Phase)
