"""Poortwachter arithmetic against hand-worked dates."""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain import timeline as tl


def _by_code(first_sick_day, **kw):
    return {m.code: m for m in tl.poortwachter_milestones(first_sick_day, **kw)}


def test_monday_first_sick_day_hand_worked():
    # First sick day Monday 5 January 2026: week n ends on the Sunday 7n-1 days later.
    ms = _by_code(date(2026, 1, 5), spoor2_start=date(2026, 12, 1))
    assert ms["problem_analysis"].due == date(2026, 2, 15)  # end of week 6
    assert ms["action_plan"].due == date(2026, 3, 1)  # end of week 8
    assert ms["sick_report"].due == date(2026, 10, 26)  # week 42 ends Sun 25 Oct -> Mon 26
    assert ms["first_year_evaluation"].window_start == date(2026, 11, 16)  # start of week 46
    assert ms["first_year_evaluation"].due == date(2027, 1, 3)  # end of week 52
    assert ms["spoor2_latest_start"].due == date(2027, 2, 14)  # + 6 weeks
    assert ms["wia_application"].window_start == date(2027, 9, 6)  # start of week 88
    assert ms["wia_application"].due == date(2027, 10, 17)  # end of week 93
    assert ms["waiting_period_end"].due == date(2028, 1, 2)  # end of week 104
    assert ms["search_broadening"].due == date(2027, 6, 1)  # 26 weeks after 1 Dec 2026


def test_first_sick_day_late_in_december_crosses_years():
    # Thursday 28 December 2023.
    ms = _by_code(date(2023, 12, 28))
    assert ms["problem_analysis"].due == date(2024, 2, 7)
    assert ms["action_plan"].due == date(2024, 2, 21)
    # Week 42 ends Wednesday 16 October 2024; the next working day is Thursday 17.
    assert ms["sick_report"].due == date(2024, 10, 17)
    assert ms["first_year_evaluation"].due == date(2024, 12, 25)
    assert ms["waiting_period_end"].due == date(2025, 12, 24)


def test_sick_report_after_a_friday_goes_to_monday():
    # Week 42 of an illness that started on a Saturday ends on a Friday.
    first = date(2026, 1, 3)  # Saturday
    due = _by_code(first)["sick_report"].due
    assert tl.sick_week_end(first, 42).weekday() == 4  # Friday
    assert due.weekday() == 0 and (due - tl.sick_week_end(first, 42)).days == 3


def test_recorded_first_year_evaluation_moves_the_spoor2_deadline():
    first = date(2026, 1, 5)
    ms = _by_code(first, first_year_evaluation=date(2026, 11, 20))
    assert ms["spoor2_latest_start"].due == date(2027, 1, 1)


def test_plan_evaluations_every_six_weeks_until_final_evaluation():
    first = date(2026, 1, 5)
    dates = tl.plan_evaluation_dates(first)
    assert dates[0] == tl.sick_week_end(first, 14)
    assert all((b - a).days == 42 for a, b in zip(dates, dates[1:]))
    assert dates[-1] < tl.sick_week_end(first, tl.FINAL_EVALUATION_WEEK)


def test_week_numbers():
    first = date(2026, 1, 5)
    assert tl.sick_week_number(first, first) == 1
    assert tl.sick_week_number(first, date(2026, 1, 11)) == 1
    assert tl.sick_week_number(first, date(2026, 1, 12)) == 2


def test_milestone_states():
    m = _by_code(date(2026, 1, 5))["action_plan"]  # due 1 March 2026
    assert tl.milestone_state(m, date(2026, 1, 10)) == tl.MilestoneState.UPCOMING
    assert tl.milestone_state(m, date(2026, 2, 20)) == tl.MilestoneState.OPEN
    assert tl.milestone_state(m, date(2026, 3, 2)) == tl.MilestoneState.MISSED
    assert tl.milestone_state(m, date(2026, 3, 9), done_on=date(2026, 2, 27)) == tl.MilestoneState.DONE
    assert tl.milestone_state(m, date(2026, 3, 9), done_on=date(2026, 3, 5)) == tl.MilestoneState.DONE_LATE


def test_next_milestone_for_an_audience():
    ms = tl.poortwachter_milestones(date(2026, 1, 5))
    nxt = tl.next_milestone(ms, date(2026, 2, 16), audience="candidate")
    assert nxt.code == "action_plan"  # problem analysis is past and not for candidates anyway
    assert tl.next_milestone(ms, date(2030, 1, 1)) is None


def test_reillness_within_four_weeks_adds_up():
    periods = [(date(2026, 1, 1), date(2026, 2, 1)), (date(2026, 2, 20), date(2026, 3, 1)),
               (date(2026, 6, 1), None)]
    assert tl.merge_sick_periods(periods) == [(date(2026, 1, 1), date(2026, 3, 1)), (date(2026, 6, 1), None)]
    # 28 days apart or more: separate periods.
    assert len(tl.merge_sick_periods([(date(2026, 1, 1), date(2026, 1, 10)),
                                      (date(2026, 2, 7), date(2026, 2, 8))])) == 2


def test_employer_deadline_close_marks_only_the_employers_open_steps_within_the_notice_period():
    fsd = date(2025, 1, 6)
    by_code = {m.code: m for m in tl.poortwachter_milestones(fsd)}
    riv = by_code["final_evaluation"]
    ahead = riv.due - timedelta(days=tl.EMPLOYER_NOTICE_DAYS)
    assert tl.employer_deadline_close(riv, ahead)
    assert not tl.employer_deadline_close(riv, ahead - timedelta(days=1))  # not yet
    assert not tl.employer_deadline_close(riv, riv.due + timedelta(days=1))  # past
    assert not tl.employer_deadline_close(riv, ahead, done_on=ahead)  # recorded as done
    wia = by_code["wia_application"]  # the employee's step, not the employer's
    assert not tl.employer_deadline_close(wia, wia.due - timedelta(days=3))
