"""The traffic-light rules and how signals are read from the evidence (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.advisor import rules
from portal.advisor.rules import CaseSignals, Light, signals_from_evidence, traffic_light
from portal.domain.evidence import ActivityFact, WeekJudgement, compute_evidence, target_schedule
from portal.domain.timeline import Milestone
from portal.domain.weeks import Period, Week


def healthy(**changes) -> CaseSignals:
    base = dict(applications_four_weeks=8, target_four_weeks=8, days_since_contact=7, days_in_trajectory=100)
    base.update(changes)
    return CaseSignals(**base)


def texts(reasons) -> str:
    return " | ".join(r.text for r in reasons)


def test_green_when_on_target_and_recent_contact():
    light, reasons = traffic_light(healthy())
    assert light == Light.GREEN
    assert "Op koers" in reasons[0].text


@pytest.mark.parametrize(("idle", "expected"), [(0, Light.GREEN), (1, Light.ORANGE), (2, Light.ORANGE), (3, Light.RED)])
def test_weeks_without_activity(idle, expected):
    light, reasons = traffic_light(healthy(idle_weeks=idle))
    assert light == expected
    if idle:
        assert "zonder" in texts(reasons) and str(idle) in texts(reasons)


@pytest.mark.parametrize(("applications", "expected"), [(8, Light.GREEN), (7, Light.ORANGE), (4, Light.ORANGE), (3, Light.RED)])
def test_four_week_target(applications, expected):
    light, reasons = traffic_light(healthy(applications_four_weeks=applications))
    assert light == expected
    if expected != Light.GREEN:
        assert f"{applications} van 8" in texts(reasons)


@pytest.mark.parametrize(("days", "expected"), [(20, Light.GREEN), (21, Light.ORANGE), (41, Light.ORANGE), (42, Light.RED)])
def test_days_since_contact(days, expected):
    light, reasons = traffic_light(healthy(days_since_contact=days))
    assert light == expected
    if expected != Light.GREEN:
        assert f"{days} dagen geen contact" in texts(reasons)


def test_never_any_contact_counts_from_the_start():
    assert traffic_light(healthy(days_since_contact=None, days_in_trajectory=10))[0] == Light.GREEN
    assert traffic_light(healthy(days_since_contact=None, days_in_trajectory=30))[0] == Light.ORANGE
    light, reasons = traffic_light(healthy(days_since_contact=None, days_in_trajectory=60))
    assert light == Light.RED and "Nog geen contact" in texts(reasons)


def test_assignments_overdue_and_waiting():
    assert traffic_light(healthy(overdue_assignments=1))[0] == Light.ORANGE
    assert traffic_light(healthy(overdue_assignments=rules.OVERDUE_ALERT))[0] == Light.RED
    light, reasons = traffic_light(healthy(waiting_assignments=2))
    assert light == Light.ORANGE and "2 inzendingen wachten" in texts(reasons)
    # Unknown (learning not installed) is not a signal.
    assert traffic_light(healthy(overdue_assignments=None, waiting_assignments=None))[0] == Light.GREEN


def test_unexplained_gaps_and_close_milestone():
    assert traffic_light(healthy(gaps=1))[0] == Light.ORANGE
    milestone = Milestone("wia_application", "WIA-aanvraag", date(2026, 5, 1), "")
    light, reasons = traffic_light(healthy(next_milestone=milestone, days_to_milestone=10))
    assert light == Light.ORANGE and "WIA-aanvraag over 10 dagen" in texts(reasons)
    assert traffic_light(healthy(next_milestone=milestone, days_to_milestone=30))[0] == Light.GREEN
    routine = Milestone("plan_evaluation_3", "Evaluatie plan van aanpak (3)", date(2026, 5, 1), "")
    assert traffic_light(healthy(next_milestone=routine, days_to_milestone=3))[0] == Light.GREEN


def test_reasons_are_sorted_worst_first_and_all_kept():
    light, reasons = traffic_light(healthy(idle_weeks=1, days_since_contact=50, gaps=2))
    assert light == Light.RED
    assert reasons[0].level == Light.RED
    assert len(reasons) == 3


def test_paused_never_judges_effort_but_keeps_contact():
    light, reasons = traffic_light(healthy(idle_weeks=5, applications_four_weeks=0, days_since_contact=50),
                                   paused_status=True)
    assert light == Light.PAUSED
    assert "gepauzeerd" in reasons[0].text.lower()
    assert "zonder" not in texts(reasons) and "doel" not in texts(reasons)
    assert "50 dagen geen contact" in texts(reasons)


def test_attention_order():
    red = traffic_light(healthy(idle_weeks=4))
    orange = traffic_light(healthy(gaps=1))
    green = traffic_light(healthy())
    keys = sorted([
        (rules.attention_key(*green, healthy(), "A"), "green"),
        (rules.attention_key(*orange, healthy(), "B"), "orange"),
        (rules.attention_key(*red, healthy(), "C"), "red"),
    ])
    assert [k[1] for k in keys] == ["red", "orange", "green"]


def test_signals_from_evidence_counts_idle_streak_skipping_pauses():
    # Six weeks from Monday 2 March 2026; today is Wednesday of week 7.
    start, today = date(2026, 3, 2), date(2026, 4, 15)
    facts = [ActivityFact(date(2026, 3, 3), "application_letter"), ActivityFact(date(2026, 3, 4), "open_application"),
             ActivityFact(date(2026, 3, 10), "networking"), ActivityFact(date(2026, 4, 14), "application_letter")]
    evidence = compute_evidence(
        start=start, end=today, today=today, activities=facts,
        pauses=[Period(date(2026, 3, 23), date(2026, 3, 27))],  # week 13 paused
        target_for=target_schedule([], 2),
        judgements={Week.of(start): WeekJudgement(True)},
    )
    s = signals_from_evidence(evidence, today)
    assert s.applications_this_week == 1 and s.target_this_week == 2
    # Finished weeks: 10 (2 apps), 11 (networking), 12 (none), 13 (paused), 14, 15 (none).
    assert s.idle_weeks == 3  # 15, 14, (13 paused skipped), 12; then 11 had activity
    assert s.applications_four_weeks == 0 and s.target_four_weeks == 6  # weeks 12-15, 13 paused
    assert s.unreviewed_weeks == 4  # 11, 12, 14, 15 (10 reviewed, 13 paused)
    assert not s.paused_now
