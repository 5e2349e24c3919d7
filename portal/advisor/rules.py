"""Caseload signals and the traffic light: pure rules, no Flask, no database.

Thresholds are the bureau's working agreements (derived), kept here so they are named,
tested and changed in one place. Paused weeks never count against a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal.domain.evidence import FOUR_WEEK_ALERT_SHARE, Evidence
from portal.domain.timeline import Milestone

NO_CONTACT_WARN_DAYS = 21  # three weeks without a contact: plan one
NO_CONTACT_ALERT_DAYS = 42  # six weeks: the file shows no guidance, UWV will ask
IDLE_WARN_WEEKS = 1  # a finished week without any recorded activity
IDLE_ALERT_WEEKS = 3
OVERDUE_ALERT = 3
MILESTONE_SOON_DAYS = 14
WINDOW_WEEKS = 12
# Six-weekly plan evaluations are routine: shown in the table, but they do not colour the light.
ROUTINE_MILESTONES = ("plan_evaluation",)  # how far back the dashboard looks


class Light(StrEnum):
    RED = "red"
    ORANGE = "orange"
    GREEN = "green"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return {"red": "Actie nodig", "orange": "Let op", "green": "Op koers", "paused": "Gepauzeerd"}[self]

    @property
    def rank(self) -> int:
        """Sort order: who needs attention first."""
        return {"red": 0, "orange": 1, "green": 2, "paused": 3}[self]


@dataclass
class CaseSignals:
    """Everything the dashboard knows about one trajectory this week."""

    applications_this_week: int = 0
    target_this_week: int = 0
    applications_four_weeks: int = 0
    target_four_weeks: int = 0
    idle_weeks: int = 0  # finished, unpaused weeks in a row without any activity
    gaps: int = 0  # finished weeks below target without pause, reason or approval
    unreviewed_weeks: int = 0
    days_since_contact: int | None = None  # None: never had a contact
    days_in_trajectory: int = 0
    overdue_assignments: int | None = None  # None: learning not available
    waiting_assignments: int | None = None
    paused_now: bool = False
    next_milestone: Milestone | None = None
    days_to_milestone: int | None = None


def signals_from_evidence(evidence: Evidence, today: date) -> CaseSignals:
    """Counts per week from the evidence service, read the dashboard's way."""
    signals = CaseSignals()
    current = evidence.this_week(today)
    if current is not None:
        signals.applications_this_week = current.applications
        signals.target_this_week = 0 if current.paused else current.target
        signals.paused_now = current.paused
    last_four = evidence.last_weeks(today)
    signals.applications_four_weeks = evidence.applications_in(last_four)
    signals.target_four_weeks = evidence.target_in(last_four)
    signals.idle_weeks = evidence.weeks_without_activity()
    finished = evidence.finished_weeks()
    signals.gaps = len(evidence.gaps)
    signals.unreviewed_weeks = sum(1 for w in finished if w.judgement is None and not w.paused)
    return signals


@dataclass(frozen=True)
class Reason:
    level: Light
    text: str
    topic: str  # effort | contact | learning | milestone | status

    @property
    def label(self) -> str:
        return self.level.label


def traffic_light(s: CaseSignals, paused_status: bool = False) -> tuple[Light, list[Reason]]:
    """The light and every reason for it (most severe first); each reason is plain Dutch."""
    reasons: list[Reason] = []

    def add(level: Light, text: str, topic: str) -> None:
        reasons.append(Reason(level, text, topic))

    if s.idle_weeks >= IDLE_ALERT_WEEKS:
        add(Light.RED, f"{s.idle_weeks} weken zonder enige activiteit", "effort")
    elif s.idle_weeks >= IDLE_WARN_WEEKS:
        add(Light.ORANGE, f"{s.idle_weeks} {'week' if s.idle_weeks == 1 else 'weken'} zonder activiteit", "effort")
    if s.target_four_weeks:
        share = s.applications_four_weeks / s.target_four_weeks
        if share < FOUR_WEEK_ALERT_SHARE:
            add(Light.RED, f"Ver onder doel: {s.applications_four_weeks} van {s.target_four_weeks} "
                "sollicitaties in 4 weken", "effort")
        elif share < 1:
            add(Light.ORANGE, f"Onder doel: {s.applications_four_weeks} van {s.target_four_weeks} "
                "sollicitaties in 4 weken", "effort")
    if s.gaps:
        add(Light.ORANGE, f"{s.gaps} {'week' if s.gaps == 1 else 'weken'} onder doel zonder reden", "effort")
    if s.days_since_contact is None:
        if s.days_in_trajectory >= NO_CONTACT_WARN_DAYS:
            level = Light.RED if s.days_in_trajectory >= NO_CONTACT_ALERT_DAYS else Light.ORANGE
            add(level, "Nog geen contact vastgelegd", "contact")
    elif s.days_since_contact >= NO_CONTACT_ALERT_DAYS:
        add(Light.RED, f"{s.days_since_contact} dagen geen contact", "contact")
    elif s.days_since_contact >= NO_CONTACT_WARN_DAYS:
        add(Light.ORANGE, f"{s.days_since_contact} dagen geen contact", "contact")
    if s.overdue_assignments:
        level = Light.RED if s.overdue_assignments >= OVERDUE_ALERT else Light.ORANGE
        plural = "en" if s.overdue_assignments != 1 else ""
        add(level, f"{s.overdue_assignments} opdracht{plural} te laat", "learning")
    if s.waiting_assignments:
        plural = "en" if s.waiting_assignments != 1 else ""
        add(Light.ORANGE, f"{s.waiting_assignments} inzending{plural} wacht{'en' if plural else ''} "
            "op beoordeling", "learning")
    if s.next_milestone is not None and s.days_to_milestone is not None \
            and not s.next_milestone.code.startswith(ROUTINE_MILESTONES) \
            and 0 <= s.days_to_milestone <= MILESTONE_SOON_DAYS:
        add(Light.ORANGE, f"{s.next_milestone.label} over {s.days_to_milestone} dagen", "milestone")

    reasons.sort(key=lambda r: r.level.rank)
    if paused_status or s.paused_now:
        # A pause is never a failure: effort is not judged, contact and deadlines still are.
        kept = [r for r in reasons if r.topic != "effort"]
        return Light.PAUSED, [Reason(Light.PAUSED, "Traject gepauzeerd: inzet telt niet mee", "status"), *kept]
    if not reasons:
        return Light.GREEN, [Reason(Light.GREEN, "Op koers: doel gehaald en recent contact", "status")]
    return reasons[0].level, reasons


def attention_key(light: Light, reasons: list, s: CaseSignals, name: str) -> tuple:
    """Who needs the advisor first: worst light, most reasons, longest without contact."""
    contact = s.days_since_contact if s.days_since_contact is not None else 10_000
    return (light.rank, -len(reasons), -contact, name.lower())
