"""Pure rules: the state machine, due dates with pauses, claims and the attempt diff."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from portal.domain.weeks import Period
from portal.learning.rules import (
    Action,
    AssignmentState,
    IllegalTransition,
    claim_active,
    diff_lines,
    due_on,
    is_overdue,
    next_state,
)

S, A = AssignmentState, Action


@pytest.mark.parametrize("state, action, expected", [
    (S.NOT_STARTED, A.SAVE_DRAFT, S.DRAFT),
    (S.DRAFT, A.SAVE_DRAFT, S.DRAFT),
    (S.NEEDS_REVISION, A.SAVE_DRAFT, S.NEEDS_REVISION),
    (S.NOT_STARTED, A.SUBMIT, S.SUBMITTED),
    (S.DRAFT, A.SUBMIT, S.SUBMITTED),
    (S.NEEDS_REVISION, A.SUBMIT, S.SUBMITTED),
    (S.SUBMITTED, A.APPROVE, S.APPROVED),
    (S.SUBMITTED, A.REQUEST_REVISION, S.NEEDS_REVISION),
])
def test_legal_transitions(state, action, expected):
    assert next_state(state, action) == expected


@pytest.mark.parametrize("state, action", [
    (S.SUBMITTED, A.SUBMIT), (S.SUBMITTED, A.SAVE_DRAFT),
    (S.APPROVED, A.SUBMIT), (S.APPROVED, A.SAVE_DRAFT), (S.APPROVED, A.APPROVE),
    (S.APPROVED, A.REQUEST_REVISION), (S.DRAFT, A.APPROVE), (S.NOT_STARTED, A.APPROVE),
    (S.NEEDS_REVISION, A.APPROVE), (S.DRAFT, A.REQUEST_REVISION),
])
def test_illegal_transitions_are_refused(state, action):
    with pytest.raises(IllegalTransition):
        next_state(state, action)


def test_unknown_state_is_refused():
    with pytest.raises(ValueError):
        next_state("bogus", A.SUBMIT)


def test_due_on_is_last_day_of_the_spoor2_week():
    start = date(2026, 1, 5)  # a Monday
    assert due_on(start, 1) == date(2026, 1, 11)
    assert due_on(start, 3) == date(2026, 1, 25)


def test_pauses_before_the_due_date_move_it_on():
    start = date(2026, 1, 5)
    pause = Period(date(2026, 1, 7), date(2026, 1, 13))  # 7 days
    assert due_on(start, 2, [pause]) == date(2026, 1, 18) + timedelta(days=7)
    later = Period(date(2026, 3, 1), date(2026, 3, 10))
    assert due_on(start, 2, [later]) == date(2026, 1, 18)


def test_open_pause_counts_until_today():
    start = date(2026, 1, 5)
    pause = Period(date(2026, 1, 10), None)
    assert due_on(start, 1, [pause], today=date(2026, 1, 20)) == date(2026, 1, 11) + timedelta(days=11)


@pytest.mark.parametrize("state, overdue", [
    (S.NOT_STARTED, True), (S.DRAFT, True), (S.SUBMITTED, False), (S.APPROVED, False),
    (S.NEEDS_REVISION, False),
])
def test_overdue_means_not_handed_in_after_the_due_date(state, overdue):
    today = date(2026, 2, 1)
    assert is_overdue(state, today - timedelta(days=1), today) is overdue
    assert is_overdue(state, today, today) is False


def test_claims_lapse():
    now = datetime(2026, 1, 10, tzinfo=UTC)
    assert claim_active(now - timedelta(hours=5), now)
    assert not claim_active(now - timedelta(days=4), now)
    assert not claim_active(None, now)


def test_diff_marks_added_and_removed_lines():
    lines = diff_lines("een\ntwee\ndrie", "een\nTWEE\ndrie\nvier")
    assert [(d.op, d.text) for d in lines] == [
        ("same", "een"), ("removed", "twee"), ("added", "TWEE"), ("same", "drie"), ("added", "vier")]
    assert lines[1].css == "diff-removed"
