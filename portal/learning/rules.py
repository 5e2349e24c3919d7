"""Pure rules of the learning feature: assignment states, due dates, attempt diffs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.domain.activities import LabelledEnum
from portal.domain.weeks import Period

# A claim on a submission lapses after this, so a colleague's absence never blocks review.
CLAIM_TTL = timedelta(days=3)


class SubmitKind(LabelledEnum):
    TEXT = "text", "Tekst"
    FILE = "file", "Bestand"
    BOTH = "both", "Tekst en/of bestand"


class AssignmentState(LabelledEnum):
    NOT_STARTED = "not_started", "Nog niet begonnen"
    DRAFT = "draft", "Concept"
    SUBMITTED = "submitted", "Ingeleverd"
    NEEDS_REVISION = "needs_revision", "Aanpassen"
    APPROVED = "approved", "Goedgekeurd"

    @property
    def tone(self) -> str:
        return {
            "not_started": "neutral", "draft": "info", "submitted": "info",
            "needs_revision": "warn", "approved": "ok",
        }[self.value]


class Action(LabelledEnum):
    SAVE_DRAFT = "save_draft", "Concept bewaren"
    SUBMIT = "submit", "Inleveren"
    APPROVE = "approve", "Goedkeuren"
    REQUEST_REVISION = "request_revision", "Laten aanpassen"


S = AssignmentState
TRANSITIONS: dict[tuple[AssignmentState, Action], AssignmentState] = {
    (S.NOT_STARTED, Action.SAVE_DRAFT): S.DRAFT,
    (S.DRAFT, Action.SAVE_DRAFT): S.DRAFT,
    # Working on a revision keeps the state, so everyone still sees what was asked.
    (S.NEEDS_REVISION, Action.SAVE_DRAFT): S.NEEDS_REVISION,
    (S.NOT_STARTED, Action.SUBMIT): S.SUBMITTED,
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.NEEDS_REVISION, Action.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Action.APPROVE): S.APPROVED,
    (S.SUBMITTED, Action.REQUEST_REVISION): S.NEEDS_REVISION,
}
OPEN_STATES = frozenset({S.NOT_STARTED, S.DRAFT})


class IllegalTransition(ValueError):
    """An action that the assignment's current state does not allow."""

    def __init__(self, state: AssignmentState | str, action: Action | str):
        super().__init__(f"cannot {action} an assignment that is {state}")
        self.state = AssignmentState(state)
        self.action = Action(action)


def next_state(state: AssignmentState | str, action: Action | str) -> AssignmentState:
    """The state after `action`, or IllegalTransition."""
    try:
        return TRANSITIONS[(AssignmentState(state), Action(action))]
    except (KeyError, ValueError):
        raise IllegalTransition(state, action) from None


def can_do(state: AssignmentState | str, action: Action | str) -> bool:
    return (AssignmentState(state), Action(action)) in TRANSITIONS


def due_on(spoor2_start: date, due_week: int, pauses: Iterable[Period] = (), today: date | None = None) -> date:
    """The last day of spoor 2 week `due_week` (1 = the first week), moved on by pauses.

    (derived) Paused days never count against the candidate: every paused day that falls
    before the due date pushes it one day later; an open pause counts until `today`.
    """
    due = spoor2_start + timedelta(days=7 * due_week - 1)
    periods = sorted(pauses, key=lambda p: p.start)
    shift_until = due
    for period in periods:
        if period.start > shift_until:
            break
        end = period.end or today or period.start
        first, last = max(period.start, spoor2_start), end
        if last >= first:
            shift_until += timedelta(days=(last - first).days + 1)
    return shift_until


def is_overdue(state: AssignmentState | str, due: date, today: date) -> bool:
    """Due date passed and nothing handed in yet."""
    return AssignmentState(state) in OPEN_STATES and due < today


def claim_active(claimed_at: datetime | None, now: datetime) -> bool:
    return claimed_at is not None and now - claimed_at < CLAIM_TTL


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same" | "added" | "removed"
    text: str

    @property
    def css(self) -> str:
        return f"diff-{self.op}"


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """A line diff from the previous attempt to this one, for a readable comparison."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    result: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            result.extend(DiffLine("same", line) for line in a[i1:i2])
            continue
        result.extend(DiffLine("removed", line) for line in a[i1:i2])
        result.extend(DiffLine("added", line) for line in b[j1:j2])
    return result


def score_rubric(rubric, chosen: dict[int, int]) -> tuple[list[dict], list[int]]:
    """The scored rubric for chosen levels (criterion index -> level index) and the
    indexes of criteria left unscored. Each score keeps the criterion's wording and all
    its levels, as they read now."""
    scores, missing = [], []
    for index, criterion in enumerate(rubric):
        level = chosen.get(index)
        if level is None or not 0 <= level < len(criterion.levels):
            missing.append(index)
            continue
        scores.append({
            "criterion": criterion.title, "level": criterion.levels[level].label,
            "description": criterion.levels[level].description, "rank": level + 1,
            "levels": [item.label for item in criterion.levels],
        })
    return scores, missing
