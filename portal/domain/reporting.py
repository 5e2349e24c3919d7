"""When a progress report is due: every six weeks, on the action plan's evaluation dates.

Pure rules (no Flask, no database). The evaluation dates come from `domain.timeline`; a
report "covers" a due date when its period ends at most `DUE_SOON_DAYS` before it, so a
report made a few days early still counts for that evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain import timeline
from portal.domain.activities import ApplicationStatus

REPORT_EVERY_WEEKS = timeline.PLAN_EVALUATION_EVERY_WEEKS
FIRST_REPORT_AFTER = timedelta(weeks=4)  # an evaluation sooner after the start has too little to report
DUE_SOON_DAYS = 7
RESPONSE_DAYS = 10  # default days the candidate has for a response (zienswijze)


class DueState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"upcoming": "gepland", "due": "binnenkort", "overdue": "te laat"}[self.value]


@dataclass(frozen=True)
class ReportDue:
    due_on: date
    state: DueState

    @property
    def needs_attention(self) -> bool:
        return self.state != DueState.UPCOMING


def report_due_dates(first_sick_day: date, spoor2_start: date, until: date) -> list[date]:
    """The days a progress report is due: the plan evaluations from four weeks into spoor 2
    up to `until`; every six weeks from the start when no evaluation falls in that range."""
    first = spoor2_start + FIRST_REPORT_AFTER
    dates = [d for d in timeline.plan_evaluation_dates(first_sick_day) if first <= d <= until]
    if dates:
        return dates
    dates, day = [], spoor2_start + timedelta(weeks=REPORT_EVERY_WEEKS)
    while day <= until:
        dates.append(day)
        day += timedelta(weeks=REPORT_EVERY_WEEKS)
    return dates


def next_due(due_dates: list[date], covered_until: date | None, today: date) -> ReportDue | None:
    """The first due date no report covers yet, and whether it is due soon or overdue.

    `covered_until`: the latest period end of a report sent to the candidate or released.
    """
    for day in due_dates:
        if covered_until is not None and covered_until >= day - timedelta(days=DUE_SOON_DAYS):
            continue
        if today > day:
            state = DueState.OVERDUE
        elif today >= day - timedelta(days=DUE_SOON_DAYS):
            state = DueState.DUE
        else:
            state = DueState.UPCOMING
        return ReportDue(day, state)
    return None


def default_period(spoor2_start: date, covered_until: date | None, due: ReportDue | None,
                   today: date) -> tuple[date, date]:
    """The period of a new progress report: from the day after the last one (or the start)
    to the due date, never past today (an extra report right after the last one: today only)."""
    start = min(covered_until + timedelta(days=1), today) if covered_until else spoor2_start
    end = min(due.due_on, today) if due else today
    return (start, max(start, end))


def response_closes(sent_on: date, days: int = RESPONSE_DAYS) -> date:
    return sent_on + timedelta(days=days)


# An application's status that is a result worth reporting: a talk, an offer, a job.
RESULT_STATUSES = frozenset({ApplicationStatus.INTERVIEW.value, ApplicationStatus.SECOND_INTERVIEW.value,
                             ApplicationStatus.OFFER.value, ApplicationStatus.HIRED.value})


def is_result(status: str | None) -> bool:
    return (status or "") in RESULT_STATUSES


def end_report_due(first_sick_day: date, closed_on: date | None) -> date:
    """The end report is due at closing, or before the WIA application: by the final
    evaluation (week 91), whichever comes first."""
    before_wia = timeline.sick_week_end(first_sick_day, timeline.FINAL_EVALUATION_WEEK)
    return min(closed_on, before_wia) if closed_on else before_wia
