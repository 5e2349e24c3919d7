"""Evidence per ISO week: counting, targets in force, pauses and the New Year edge."""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain.evidence import (
    ActivityFact,
    TargetVersion,
    WeekJudgement,
    compute_evidence,
    prorated_target,
    target_schedule,
)
from portal.domain.weeks import Period, Week, is_paused_week, weeks_between, workday_count


def test_iso_weeks_around_new_year():
    # 29 Dec 2025 (Mon) is in ISO week 1 of 2026; 28 Dec 2026 is week 53 of 2026.
    assert Week.of(date(2025, 12, 31)).iso == (2026, 1)
    assert Week.of(date(2027, 1, 1)).iso == (2026, 53)
    assert Week.from_key("2026-W53").monday == date(2026, 12, 28)
    assert [w.key for w in weeks_between(date(2026, 12, 24), date(2027, 1, 5))] == [
        "2026-W52", "2026-W53", "2027-W01"
    ]


def test_week_key_rejects_garbage():
    import pytest

    for bad in ("2026-03", "abc", "2026-W99", "-W1"):
        with pytest.raises(ValueError):
            Week.from_key(bad)


def test_pause_on_a_weekend_only_does_not_pause_the_week():
    week = Week.of(date(2026, 3, 2))
    assert not is_paused_week(week, [Period(date(2026, 3, 7), date(2026, 3, 8))])
    assert is_paused_week(week, [Period(date(2026, 3, 6), date(2026, 3, 8))])
    assert is_paused_week(week, [Period(date(2026, 2, 1), None)])  # an open pause


def test_counts_split_applications_networking_and_other():
    facts = [
        ActivityFact(date(2026, 1, 5), "application_letter"),
        ActivityFact(date(2026, 1, 6), "job_interview"),
        ActivityFact(date(2026, 1, 7), "networking"),
        ActivityFact(date(2026, 1, 8), "job_fair"),
        ActivityFact(date(2026, 1, 9), "unknown-kind"),
        ActivityFact(date(2025, 1, 9), "application_letter"),  # outside the period
    ]
    ev = compute_evidence(start=date(2026, 1, 5), end=date(2026, 1, 11), today=date(2026, 2, 1),
                          activities=facts, target_for=lambda w: 2)
    (week,) = ev.weeks
    assert week.applications == 2
    assert week.networking == 1
    assert week.other_activities == 2
    assert week.target_met is True
    assert ev.totals["applications"] == 2


def test_gaps_pauses_reasons_and_judgements():
    start, end = date(2025, 12, 22), date(2026, 1, 18)  # W52, W01, W02, W03 (2026 ISO year edge)
    w52, w01, w02, w03 = weeks_between(start, end)
    facts = [ActivityFact(date(2025, 12, 23), "open_application")] * 3
    ev = compute_evidence(
        start=start, end=end, today=date(2026, 1, 14),
        activities=facts,
        pauses=[Period(date(2025, 12, 29), date(2025, 12, 30))],  # W01 paused
        target_for=lambda w: 2,
        low_week_reasons={},
        judgements={w02: WeekJudgement(False, "Geen sollicitaties")},
    )
    by_week = {w.week: w for w in ev.weeks}
    assert by_week[w52].target_met is True and not by_week[w52].is_gap
    assert by_week[w01].paused and by_week[w01].target_met is None and not by_week[w01].is_gap
    assert by_week[w02].is_gap  # reviewed insufficient, no reason
    assert not by_week[w03].complete and not by_week[w03].is_gap  # still running
    assert [g.week for g in ev.gaps] == [w02]
    assert ev.totals["weeks_paused"] == 1
    assert ev.totals["weeks_counted"] == 2


def test_a_reason_or_sufficient_judgement_closes_a_gap():
    start = date(2026, 3, 2)
    week = Week.of(start)
    base = dict(start=start, end=date(2026, 3, 8), today=date(2026, 4, 1), target_for=lambda w: 1)
    assert compute_evidence(**base).gaps
    assert not compute_evidence(**base, low_week_reasons={week: "Sollicitatiegesprek voorbereid"}).gaps
    assert not compute_evidence(**base, judgements={week: WeekJudgement(True)}).gaps


def test_target_in_force_per_week_when_plan_changes():
    target_for = target_schedule(
        [TargetVersion(date(2026, 3, 4), 3), TargetVersion(date(2026, 2, 2), 1)], default=2
    )
    assert target_for(Week.of(date(2026, 1, 26))) == 2  # before any version
    assert target_for(Week.of(date(2026, 2, 2))) == 1  # version starts on that Monday
    assert target_for(Week.of(date(2026, 3, 2))) == 1  # mid-week change applies next week
    assert target_for(Week.of(date(2026, 3, 9))) == 3


def test_four_week_blocks():
    start = date(2026, 1, 5)
    ev = compute_evidence(start=start, end=date(2026, 2, 15), today=date(2026, 3, 1),
                          activities=[ActivityFact(date(2026, 1, 6), "phone_application")],
                          target_for=lambda w: 2)
    blocks = ev.four_week_blocks()
    assert len(blocks) == 2
    assert blocks[0][2] == 1 and blocks[0][3] == 8
    assert blocks[1][3] == 4


def test_partial_first_week_is_prorated_by_working_days():
    today = date(2026, 8, 1)
    # Spoor 2 starts on Sunday 5 July 2026: that ISO week has no working day in the trajectory.
    ev = compute_evidence(start=date(2026, 7, 5), end=date(2026, 7, 19), today=today, target_for=lambda w: 2)
    first, second, third = ev.weeks
    assert first.target == 0 and first.target_met and not first.is_gap
    assert second.target == 2 and second.is_gap
    # A Wednesday start leaves three working days: 3/5 of a target of 2, rounded down.
    ev = compute_evidence(start=date(2026, 7, 8), end=date(2026, 7, 12), today=today, target_for=lambda w: 2)
    assert ev.weeks[0].target == 1


def test_period_cut_mid_week_is_prorated_but_the_running_week_is_not():
    # A period that ends on Tuesday 14 July (in the past): two working days of five.
    ev = compute_evidence(start=date(2026, 7, 6), end=date(2026, 7, 14), today=date(2026, 8, 1),
                          target_for=lambda w: 5)
    assert [w.target for w in ev.weeks] == [5, 2]
    # The current week (today is Tuesday) keeps its full target while it runs.
    ev = compute_evidence(start=date(2026, 7, 6), end=date(2026, 7, 14), today=date(2026, 7, 14),
                          target_for=lambda w: 5)
    assert [w.target for w in ev.weeks] == [5, 5]


# --- the fast week arithmetic agrees with counting day by day --------------------------------

def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_workday_count_equals_counting_each_day():
    base = date(2026, 12, 24)  # across a New Year and ISO week 53 of 2026
    for offset in range(14):
        first = base + timedelta(days=offset)
        for length in range(-2, 40):
            last = first + timedelta(days=length)
            expected = sum(1 for day in _days(first, last) if day.weekday() < 5) if last >= first else 0
            assert workday_count(first, last) == expected, (first, last)


def test_paused_week_means_a_pause_on_one_of_its_working_days():
    week = Week(date(2026, 3, 2))
    for start_offset in range(-9, 10):
        for length in [*range(0, 12), None]:
            start = week.monday + timedelta(days=start_offset)
            pause = Period(start, None if length is None else start + timedelta(days=length))
            expected = any(pause.contains(day) for day in _days(week.monday, week.monday + timedelta(days=4)))
            assert is_paused_week(week, [pause]) == expected, pause
    assert not is_paused_week(week, [])


def test_prorated_target_equals_the_share_of_working_days_covered():
    week = Week(date(2026, 7, 6))
    for start in _days(week.monday - timedelta(days=3), week.sunday):
        for end in _days(start, week.sunday + timedelta(days=3)):
            for today in (week.monday + timedelta(days=2), week.sunday + timedelta(days=5)):
                last = week.monday + timedelta(days=4)
                if end < week.sunday and end < today:
                    last = min(last, end)
                covered = sum(1 for day in _days(max(start, week.monday), last) if day.weekday() < 5)
                assert prorated_target(5, week, start, end, today) == min(covered, 5), (start, end, today)
