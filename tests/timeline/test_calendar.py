"""The Poortwachter calendar against hand-worked dates, pauses and the week strip."""

from __future__ import annotations

from datetime import date

from portal.domain import timeline as tl
from portal.domain.weeks import Period, Week, paused_weeks


def _by_code(first, **kw):
    return {m.code: m for m in tl.poortwachter_milestones(first, **kw)}


def test_first_sick_day_friday_27_december_2024_hand_worked():
    # Week n ends 7n-1 days after Friday 27 December 2024, so every deadline is a Thursday.
    ms = _by_code(date(2024, 12, 27), spoor2_start=date(2026, 2, 2))
    assert ms["problem_analysis"].due == date(2025, 2, 6)
    assert ms["action_plan"].due == date(2025, 2, 20)
    assert ms["plan_evaluation_1"].due == date(2025, 4, 3)  # week 14
    assert ms["plan_evaluation_2"].due == date(2025, 5, 15)  # week 20
    # Week 42 ends Thursday 16 October 2025; the report is due the next working day.
    assert ms["sick_report"].due == date(2025, 10, 17)
    assert ms["first_year_evaluation"].window_start == date(2025, 11, 7)  # start of week 46
    assert ms["first_year_evaluation"].due == date(2025, 12, 25)  # end of week 52
    assert ms["spoor2_latest_start"].due == date(2026, 2, 5)
    assert ms["search_broadening"].due == date(2026, 8, 3)  # 26 weeks after Monday 2 February
    assert ms["wia_letter"].due == date(2026, 8, 28)  # start of week 88
    assert ms["wia_application"].window_start == date(2026, 8, 28)
    assert ms["wia_application"].due == date(2026, 10, 8)  # end of week 93
    assert ms["waiting_period_end"].due == date(2026, 12, 24)  # end of week 104
    assert tl.spoor2_end(date(2024, 12, 27)) == date(2026, 12, 24)


def test_plan_evaluations_stop_before_the_final_evaluation():
    ms = _by_code(date(2024, 12, 27))
    evaluations = sorted(c for c in ms if c.startswith("plan_evaluation_"))
    # Weeks 14, 20, ..., 86: thirteen evaluations, the last before week 91.
    assert len(evaluations) == 13
    assert ms["plan_evaluation_13"].due == tl.sick_week_end(date(2024, 12, 27), 86)


TWO_PAUSES = [Period(date(2026, 3, 10), date(2026, 3, 20)), Period(date(2026, 6, 29), date(2026, 7, 14))]


def test_two_pauses_never_move_the_calendar():
    first = date(2026, 1, 5)  # a Monday: illness weeks coincide with ISO weeks
    without = tl.poortwachter_milestones(first, date(2027, 1, 4))
    assert tl.spoor2_end(first, TWO_PAUSES) == tl.spoor2_end(first) == date(2028, 1, 2)
    strip = tl.week_strip(first, date(2026, 8, 1), TWO_PAUSES, without, date(2027, 1, 4))
    assert [w.start for w in strip][-1] == date(2027, 12, 27)
    assert len(strip) == 104 and strip[-1].end == date(2028, 1, 2)


def test_two_pauses_mark_exactly_their_weeks():
    first = date(2026, 1, 5)
    # 10 March is day 64 (week 10), 20 March day 74 (week 11); 29 June day 175 (week 26),
    # 14 July day 190 (week 28).
    assert tl.paused_sick_weeks(first, TWO_PAUSES) == {10, 11, 26, 27, 28}
    strip = tl.week_strip(first, date(2026, 8, 1), TWO_PAUSES)
    assert {w.number for w in strip if w.paused} == {10, 11, 26, 27, 28}
    # The same weeks are paused in the ISO-week figures of domain.weeks / domain.evidence.
    iso = paused_weeks([Week.of(tl.sick_week_start(first, n)) for n in range(1, 40)], TWO_PAUSES)
    assert {tl.sick_week_number(first, w.monday) for w in iso} == {10, 11, 26, 27, 28}


def test_weekend_only_pause_marks_no_week_and_open_pause_runs_on():
    first = date(2026, 1, 5)
    assert tl.paused_sick_weeks(first, [Period(date(2026, 1, 10), date(2026, 1, 11))]) == set()
    open_pause = tl.paused_sick_weeks(first, [Period(date(2027, 12, 20), None)])
    assert open_pause == {103, 104}


def test_week_strip_flags():
    first = date(2026, 1, 5)
    ms = tl.poortwachter_milestones(first)
    strip = tl.week_strip(first, date(2026, 3, 4), (), ms, spoor2_start=date(2026, 12, 1))
    current = [w for w in strip if w.current]
    assert [w.number for w in current] == [9]
    assert all(w.past for w in strip[:8]) and not strip[8].past
    assert "problem_analysis" in strip[5].milestone_codes  # week 6
    assert not strip[40].spoor2 and strip[50].spoor2
    assert "wk-current" in current[0].css and "wk-milestone" in strip[5].css


def test_states_including_windows_and_informational_moments():
    ms = _by_code(date(2026, 1, 5))
    eje = ms["first_year_evaluation"]  # window 16 Nov 2026 - 3 Jan 2027
    assert tl.milestone_state(eje, date(2026, 11, 15)) == tl.MilestoneState.UPCOMING
    assert tl.milestone_state(eje, date(2026, 11, 16)) == tl.MilestoneState.OPEN
    assert tl.milestone_state(eje, date(2027, 1, 4)) == tl.MilestoneState.MISSED
    assert tl.milestone_state(eje, date(2027, 1, 4), done_on=date(2027, 1, 3)) == tl.MilestoneState.DONE
    end = ms["waiting_period_end"]
    assert tl.effective_state(end, date(2028, 1, 3)) == tl.MilestoneState.DONE  # a moment, never missed
    assert tl.effective_state(ms["action_plan"], date(2026, 3, 2)) == tl.MilestoneState.MISSED


def test_recordable_steps_and_labels():
    assert tl.is_recordable("action_plan") and tl.is_recordable("plan_evaluation_3")
    assert not tl.is_recordable("waiting_period_end") and not tl.is_recordable("plan_evaluation_x")
    assert tl.record_label("plan_evaluation_2") == "2e evaluatie plan van aanpak gehouden"
    assert tl.record_label("sick_report") == "42e-weeksmelding verstuurd"
