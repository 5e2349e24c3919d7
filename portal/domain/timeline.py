"""The Poortwachter calendar: every legal date counted from the first sick day.

All week numbers and day counts of the Wet verbetering poortwachter live here and nowhere
else. Week 1 of the illness starts on the first sick day, so "by week n" means "on or
before the last day of week n": first sick day + 7n - 1 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

PROBLEM_ANALYSIS_WEEK = 6
ACTION_PLAN_WEEK = 8
PLAN_EVALUATION_EVERY_WEEKS = 6
SICK_REPORT_WEEK = 42
FIRST_YEAR_EVALUATION_WEEKS = (46, 52)
SPOOR2_AFTER_EVALUATION_WEEKS = 6
BROADEN_SEARCH_AFTER_WEEKS = 26  # six months of spoor 2 (derived)
WIA_LETTER_WEEK = 88
FINAL_EVALUATION_WEEK = 91
WIA_APPLICATION_WEEKS = (88, 93)
WAITING_PERIOD_WEEKS = 104
MAX_WAGE_SANCTION_WEEKS = 52
REILLNESS_MERGE_DAYS = 28  # sick periods less than 4 weeks apart add up
RETENTION_YEARS_AFTER_CLOSE = 2
# The legal steps the employer carries (the 42nd-week report, the first-year evaluation, the
# spoor 2 start, a complete re-integratieverslag), and how far ahead their home marks them (derived).
EMPLOYER_DEADLINES = ("sick_report", "first_year_evaluation", "spoor2_latest_start", "final_evaluation")
EMPLOYER_NOTICE_DAYS = 28


class Audience(StrEnum):
    CANDIDATE = "candidate"
    ADVISOR = "advisor"
    EMPLOYER = "employer"


ALL = frozenset(Audience)
STAFF_AND_EMPLOYER = frozenset({Audience.ADVISOR, Audience.EMPLOYER})


@dataclass(frozen=True)
class Milestone:
    """One dated Poortwachter step; `window_start` is set for steps that have a window."""

    code: str
    label: str
    due: date
    description: str
    window_start: date | None = None
    audience: frozenset[Audience] = field(default=ALL)

    def concerns(self, audience: Audience | str) -> bool:
        return Audience(audience) in self.audience


def sick_week_start(first_sick_day: date, week: int) -> date:
    """The first day of illness week `week` (week 1 starts on the first sick day)."""
    return first_sick_day + timedelta(days=7 * (week - 1))


def sick_week_end(first_sick_day: date, week: int) -> date:
    """The last day of illness week `week`."""
    return first_sick_day + timedelta(days=7 * week - 1)


def sick_week_number(first_sick_day: date, day: date) -> int:
    """Which illness week `day` falls in (1-based; 0 or less before the first sick day)."""
    return (day - first_sick_day).days // 7 + 1


def first_working_day_after(day: date) -> date:
    """The next Monday-to-Friday after `day` (public holidays are not modelled)."""
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    return nxt


def waiting_period_end(first_sick_day: date) -> date:
    """The last day of the 104-week waiting period (end of continued pay)."""
    return sick_week_end(first_sick_day, WAITING_PERIOD_WEEKS)


def latest_spoor2_start(first_sick_day: date, first_year_evaluation: date | None = None) -> date:
    """Spoor 2 must run at the latest six weeks after the first-year evaluation."""
    evaluation = first_year_evaluation or sick_week_end(
        first_sick_day, FIRST_YEAR_EVALUATION_WEEKS[1]
    )
    return evaluation + timedelta(weeks=SPOOR2_AFTER_EVALUATION_WEEKS)


def search_broadening_date(spoor2_start: date) -> date:
    """(derived) After six months of spoor 2 the search profile should be broadened."""
    return spoor2_start + timedelta(weeks=BROADEN_SEARCH_AFTER_WEEKS)


def plan_evaluation_dates(first_sick_day: date) -> list[date]:
    """The six-weekly evaluations of the action plan, up to the final evaluation."""
    dates, week = [], ACTION_PLAN_WEEK + PLAN_EVALUATION_EVERY_WEEKS
    while week < FINAL_EVALUATION_WEEK:
        dates.append(sick_week_end(first_sick_day, week))
        week += PLAN_EVALUATION_EVERY_WEEKS
    return dates


def poortwachter_milestones(
    first_sick_day: date,
    spoor2_start: date | None = None,
    first_year_evaluation: date | None = None,
    include_plan_evaluations: bool = True,
) -> list[Milestone]:
    """All milestones of one trajectory, in date order."""
    return list(_milestones(first_sick_day, spoor2_start, first_year_evaluation, include_plan_evaluations))


@lru_cache(maxsize=8192)
def _milestones(
    first_sick_day: date, spoor2_start: date | None, first_year_evaluation: date | None, include_plan_evaluations: bool,
) -> tuple[Milestone, ...]:
    # The calendar depends on these dates only, and dashboards ask for it per trajectory on
    # every request: worked out once per set of dates (Milestones are frozen).
    fsd = first_sick_day
    eje_from, eje_to = FIRST_YEAR_EVALUATION_WEEKS
    wia_from, wia_to = WIA_APPLICATION_WEEKS
    items = [
        Milestone(
            "problem_analysis", "Probleemanalyse", sick_week_end(fsd, PROBLEM_ANALYSIS_WEEK),
            "De bedrijfsarts maakt uiterlijk in week 6 de probleemanalyse.",
            audience=STAFF_AND_EMPLOYER,
        ),
        Milestone(
            "action_plan", "Plan van aanpak", sick_week_end(fsd, ACTION_PLAN_WEEK),
            "Werkgever en werknemer stellen uiterlijk in week 8 samen het plan van aanpak op.",
        ),
        Milestone(
            "sick_report", "Ziekmelding bij UWV (42e-weeksmelding)",
            first_working_day_after(sick_week_end(fsd, SICK_REPORT_WEEK)),
            "De werkgever meldt de ziekte uiterlijk op de eerste werkdag na week 42 bij UWV.",
            audience=STAFF_AND_EMPLOYER,
        ),
        Milestone(
            "first_year_evaluation", "Eerstejaarsevaluatie", sick_week_end(fsd, eje_to),
            "Tussen week 46 en 52 evalueren werkgever en werknemer het eerste ziektejaar.",
            window_start=sick_week_start(fsd, eje_from),
        ),
        Milestone(
            "spoor2_latest_start", "Uiterste start tweede spoor",
            latest_spoor2_start(fsd, first_year_evaluation),
            "Het tweede spoor loopt uiterlijk zes weken na de eerstejaarsevaluatie, eerder als "
            "terugkeer bij de eigen werkgever niet reëel is.",
        ),
        Milestone(
            "wia_letter", "Brief van UWV over de WIA-aanvraag", sick_week_start(fsd, WIA_LETTER_WEEK),
            "Rond week 88 stuurt UWV de werknemer informatie over de WIA-aanvraag.",
        ),
        Milestone(
            "final_evaluation", "Actueel oordeel en eindevaluatie; re-integratieverslag compleet",
            sick_week_end(fsd, FINAL_EVALUATION_WEEK),
            "Rond week 91 zijn het actueel oordeel, de eindevaluatie en het "
            "re-integratieverslag klaar.",
            audience=STAFF_AND_EMPLOYER | {Audience.CANDIDATE},
        ),
        Milestone(
            "wia_application", "WIA-aanvraag", sick_week_end(fsd, wia_to),
            "De werknemer vraagt de WIA-uitkering aan tussen week 88 en uiterlijk week 93.",
            window_start=sick_week_start(fsd, wia_from),
        ),
        Milestone(
            "waiting_period_end", "Einde wachttijd en loondoorbetaling", waiting_period_end(fsd),
            "Na 104 weken eindigt de loondoorbetaling bij ziekte.",
        ),
    ]
    if spoor2_start:
        items.append(
            Milestone(
                "search_broadening", "Zoekprofiel verbreden", search_broadening_date(spoor2_start),
                "Na zes maanden tweede spoor wordt passende arbeid ruimer: verbreed het zoekprofiel.",
                audience=frozenset({Audience.CANDIDATE, Audience.ADVISOR}),
            )
        )
    if include_plan_evaluations:
        for number, due in enumerate(plan_evaluation_dates(fsd), start=1):
            items.append(
                Milestone(
                    f"plan_evaluation_{number}", f"{number}e evaluatie plan van aanpak", due,
                    "Het plan van aanpak wordt ongeveer elke zes weken geëvalueerd.",
                    audience=frozenset({Audience.ADVISOR, Audience.EMPLOYER}),
                )
            )
    return tuple(sorted(items, key=lambda m: (m.due, m.code)))


class MilestoneState(StrEnum):
    DONE = "done"  # recorded as done on or before its due date
    DONE_LATE = "done_late"  # recorded, but after its due date
    MISSED = "missed"  # due date passed and nothing recorded
    OPEN = "open"  # window open or due soon, not yet recorded
    UPCOMING = "upcoming"


STATE_LABELS = {
    MilestoneState.DONE: "Op tijd",
    MilestoneState.DONE_LATE: "Te laat",
    MilestoneState.MISSED: "Niet vastgelegd",
    MilestoneState.OPEN: "Nu aan de orde",
    MilestoneState.UPCOMING: "Gepland",
}


def milestone_state(
    milestone: Milestone, today: date, done_on: date | None = None, soon_days: int = 14
) -> MilestoneState:
    """Whether a milestone was met, is open now, or lies ahead."""
    if done_on is not None:
        return MilestoneState.DONE if done_on <= milestone.due else MilestoneState.DONE_LATE
    if today > milestone.due:
        return MilestoneState.MISSED
    opens = milestone.window_start or milestone.due - timedelta(days=soon_days)
    return MilestoneState.OPEN if today >= opens else MilestoneState.UPCOMING


def next_milestone(
    milestones: list[Milestone], today: date, audience: Audience | str | None = None
) -> Milestone | None:
    """The first milestone due today or later, optionally for one audience."""
    for m in milestones:
        if m.due >= today and (audience is None or m.concerns(audience)):
            return m
    return None


def employer_deadline_close(
    milestone: Milestone, today: date, done_on: date | None = None, days: int = EMPLOYER_NOTICE_DAYS
) -> bool:
    """Whether one of the employer's legal steps falls due within `days` and is not recorded as done."""
    return (milestone.code in EMPLOYER_DEADLINES and done_on is None
            and today <= milestone.due <= today + timedelta(days=days))


def merge_sick_periods(periods: list[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Join sick periods that are less than 28 days apart (re-illness adds up)."""
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or (start - last_end).days < REILLNESS_MERGE_DAYS:
                new_end = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, new_end)
                continue
        merged.append((start, end))
    return merged


# --- recording steps, pauses and the week strip ------------------------------------------

# Steps an advisor records as done, with the label of the act (not of the deadline).
RECORD_LABELS = {
    "problem_analysis": "Probleemanalyse ontvangen",
    "action_plan": "Plan van aanpak afgesproken",
    "sick_report": "42e-weeksmelding verstuurd",
    "first_year_evaluation": "Eerstejaarsevaluatie gehouden",
    "spoor2_latest_start": "Tweede spoor gestart",
    "search_broadening": "Zoekprofiel verbreed",
    "final_evaluation": "Eindevaluatie gehouden, re-integratieverslag compleet",
    "wia_application": "WIA-aanvraag ingediend",
}
PLAN_EVALUATION_PREFIX = "plan_evaluation_"
# Milestones that only mark a moment in time: nothing to record, never "missed".
INFORMATIONAL = frozenset({"wia_letter", "waiting_period_end"})


def is_recordable(code: str) -> bool:
    """Whether an advisor can record this milestone as done."""
    if code.startswith(PLAN_EVALUATION_PREFIX):
        return code[len(PLAN_EVALUATION_PREFIX):].isdigit()
    return code in RECORD_LABELS


def record_label(code: str) -> str:
    """The Dutch label of recording a step ("Plan van aanpak afgesproken")."""
    if code.startswith(PLAN_EVALUATION_PREFIX):
        return f"{code[len(PLAN_EVALUATION_PREFIX):]}e evaluatie plan van aanpak gehouden"
    return RECORD_LABELS.get(code, code)


def spoor2_end(first_sick_day: date, pauses=()) -> date:
    """The legal end of spoor 2: the end of the waiting period. Pauses never move it (derived)."""
    del pauses  # documented on purpose: re-illness is added up, the calendar stays fixed
    return waiting_period_end(first_sick_day)


def _touches_pause(first: date, last: date, pauses) -> bool:
    """Whether a pause covers a working day of [first, last] (as `weeks.is_paused_week`)."""
    day = first
    while day <= last:
        if day.weekday() < 5 and any(p.start <= day and (p.end is None or day <= p.end) for p in pauses):
            return True
        day += timedelta(days=1)
    return False


def paused_sick_weeks(first_sick_day: date, pauses, until_week: int = WAITING_PERIOD_WEEKS) -> set[int]:
    """Illness week numbers (1-based) with a paused working day (pauses are `Period`-like)."""
    pauses = list(pauses)
    return {
        n for n in range(1, until_week + 1)
        if _touches_pause(sick_week_start(first_sick_day, n), sick_week_end(first_sick_day, n), pauses)
    }


@dataclass(frozen=True)
class StripWeek:
    """One illness week in the visual strip of the 104-week waiting period."""

    number: int
    start: date
    end: date
    past: bool
    current: bool
    paused: bool
    spoor2: bool
    milestone_codes: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        classes = ["wk"]
        for flag in ("past", "current", "paused", "spoor2"):
            if getattr(self, flag):
                classes.append(f"wk-{flag}")
        if self.milestone_codes:
            classes.append("wk-milestone")
        return " ".join(classes)


def week_strip(
    first_sick_day: date,
    today: date,
    pauses=(),
    milestones: list[Milestone] = (),
    spoor2_start: date | None = None,
    weeks: int = WAITING_PERIOD_WEEKS,
) -> list[StripWeek]:
    """The waiting period week by week: past, current, paused, spoor 2 and milestone weeks."""
    paused = paused_sick_weeks(first_sick_day, pauses, weeks)
    current = sick_week_number(first_sick_day, today)
    by_week: dict[int, list[str]] = {}
    for m in milestones:
        by_week.setdefault(sick_week_number(first_sick_day, m.due), []).append(m.code)
    strip = []
    for n in range(1, weeks + 1):
        start, end = sick_week_start(first_sick_day, n), sick_week_end(first_sick_day, n)
        strip.append(StripWeek(
            number=n, start=start, end=end, past=end < today, current=n == current,
            paused=n in paused, spoor2=bool(spoor2_start and end >= spoor2_start),
            milestone_codes=tuple(by_week.get(n, ())),
        ))
    return strip


def effective_state(
    milestone: Milestone, today: date, done_on: date | None = None, soon_days: int = 14
) -> MilestoneState:
    """milestone_state, except that informational moments are never "missed" but done."""
    if milestone.code in INFORMATIONAL and done_on is None:
        if today > milestone.due:
            return MilestoneState.DONE
    return milestone_state(milestone, today, done_on, soon_days)


@dataclass(frozen=True)
class DateProblem:
    """Something wrong with a trajectory's dates, for the form field it belongs to.

    A `warning` does not stop the trajectory, but it has to be explained (the late-start
    reason); anything else is refused.
    """

    field: str
    message: str
    warning: bool = False


def trajectory_date_problems(first_sick_day: date, spoor2_start: date, planned_end: date | None,
                             today: date) -> list[DateProblem]:
    """Check a new trajectory's dates against the Poortwachter calendar."""
    problems: list[DateProblem] = []
    if first_sick_day > today:
        problems.append(DateProblem("first_sick_day", "De eerste ziektedag kan niet in de toekomst liggen."))
    waiting_end = waiting_period_end(first_sick_day)
    if spoor2_start < first_sick_day:
        problems.append(DateProblem("spoor2_start", "Het tweede spoor kan niet vóór de eerste ziektedag beginnen."))
    elif spoor2_start > waiting_end:
        week = sick_week_number(first_sick_day, spoor2_start)
        problems.append(DateProblem(
            "spoor2_start",
            f"Het tweede spoor moet beginnen vóór het einde van de wachttijd ({_nl(waiting_end)}, "
            f"ziekteweek {WAITING_PERIOD_WEEKS}); deze datum valt in ziekteweek {week}."))
    elif spoor2_start > (latest := latest_spoor2_start(first_sick_day)):
        problems.append(DateProblem(
            "spoor2_start",
            f"Het tweede spoor start later dan de wet vraagt: uiterlijk {_nl(latest)}, zes weken na de "
            "eerstejaarsevaluatie. Leg hieronder uit waarom.", warning=True))
    if planned_end is not None:
        last_end = waiting_end + timedelta(weeks=MAX_WAGE_SANCTION_WEEKS)
        if planned_end <= spoor2_start:
            problems.append(DateProblem("planned_end", "De einddatum moet na de start van het tweede spoor liggen."))
        elif planned_end > last_end:
            problems.append(DateProblem(
                "planned_end",
                f"De einddatum ligt na het einde van de wachttijd plus de langste loonsanctie ({_nl(last_end)})."))
    return problems


def _nl(day: date) -> str:
    return day.strftime("%d-%m-%Y")
