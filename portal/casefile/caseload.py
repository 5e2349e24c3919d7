"""The caseload dashboard's rows: one fixed set of grouped queries for any caseload size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from portal.advisor import rules
from portal.advisor.rules import CaseSignals, Light, Reason
from portal.advisor.services import last_contact_for
from portal.casefile.evidence import load_evidence_many
from portal.diary.services import positive_applications_for, stale_applications_for, stale_days
from portal.domain import timeline
from portal.domain.activities import POSITIVE_STATUSES
from portal.domain.evidence import Evidence
from portal.domain.reporting import ReportDue
from portal.progress_reports.services import covered_until, due_for
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.trajectory.services import trajectories_for

RUNNING = (TrajectoryStatus.ACTIVE.value, TrajectoryStatus.PAUSED.value)


@dataclass(frozen=True)
class GoodNews:
    """An offer, a second interview or a hire: "Aanbod bij Zorgwaard, 26 nov", with the next step."""

    entry_id: int
    status: str
    status_label: str
    organisation: str
    position: str
    since: date

    @property
    def next_step(self) -> str:
        return POSITIVE_STATUSES.get(self.status, "")


@dataclass
class CaseRow:
    trajectory: Trajectory
    signals: CaseSignals
    light: Light | None  # None for placed and closed trajectories
    reasons: list[Reason]
    last_contact: date | None
    evidence: Evidence
    good_news: list[GoodNews] = field(default_factory=list)
    stale_applications: int = 0  # waiting for news longer than STALE_APPLICATION_DAYS
    report_due: ReportDue | None = None  # the next progress report (None when none is due any more)

    @property
    def running(self) -> bool:
        return self.trajectory.status in RUNNING

    @property
    def sort_key(self) -> tuple:
        if self.light is None:
            return (9, 0, 0, self.trajectory.candidate.name.lower())
        return rules.attention_key(self.light, self.reasons, self.signals, self.trajectory.candidate.name)


def _assignment_signals(trajectories: list[Trajectory], today: date) -> dict:
    from portal.learning import services as learning

    if not hasattr(learning, "assignment_signals_for"):
        return {}
    return learning.assignment_signals_for([t.id for t in trajectories], today, trajectories=trajectories)


def _next_milestones(trajectories: list[Trajectory], today: date) -> dict[int, timeline.Milestone | None]:
    """The next open Poortwachter step per trajectory; steps recorded as done are skipped."""
    from portal.timeline import services as recorded

    have_records = hasattr(recorded, "recorded_milestones_for") and hasattr(recorded, "milestones_for")
    records = recorded.recorded_milestones_for([t.id for t in trajectories]) if have_records else {}
    result = {}
    for t in trajectories:
        done = records.get(t.id, {})
        calendar = (recorded.milestones_for(t, done) if have_records
                    else timeline.poortwachter_milestones(t.first_sick_day, t.spoor2_start))
        result[t.id] = timeline.next_milestone([m for m in calendar if m.code not in done], today, audience="advisor")
    return result


def caseload_rows(user, today: date) -> list[CaseRow]:
    """Every trajectory the user may see, with signals and light, neediest first."""
    trajectories = trajectories_for(user, with_advisors=False)  # the caseload does not show them
    ids = [t.id for t in trajectories]
    evidence = load_evidence_many(
        trajectories, today=today, not_before=today - timedelta(weeks=rules.WINDOW_WEEKS)
    )
    contacts = last_contact_for(ids)
    assignments = _assignment_signals(trajectories, today) if ids else {}
    milestones = _next_milestones(trajectories, today)
    positive = positive_applications_for(ids)
    stale = stale_applications_for(ids, today, stale_days())
    covered = covered_until(ids)
    rows = []
    for t in trajectories:
        signals = rules.signals_from_evidence(evidence[t.id], today)
        last = contacts.get(t.id)
        signals.days_since_contact = (today - last).days if last else None
        signals.days_in_trajectory = max((today - t.spoor2_start).days, 0)
        if t.id in assignments:
            signals.overdue_assignments = assignments[t.id].overdue
            signals.waiting_assignments = assignments[t.id].waiting_review
        milestone = milestones[t.id]
        signals.next_milestone = milestone
        signals.days_to_milestone = (milestone.due - today).days if milestone else None
        if t.status in RUNNING:
            light, reasons = rules.traffic_light(signals, paused_status=t.status == TrajectoryStatus.PAUSED)
        else:
            light, reasons = None, []
        news = [GoodNews(e.id, e.status, e.status_label, e.organisation, e.position, since)
                for e, since in positive[t.id]]
        report_due = due_for(t, covered.get(t.id), today) if t.status in RUNNING else None
        rows.append(CaseRow(t, signals, light, reasons, last, evidence[t.id], news, len(stale[t.id]), report_due))
    rows.sort(key=lambda r: r.sort_key)
    return rows


# --- filter and sort (query parameters parsed defensively) -----------------------------

SORTS = {
    "aandacht": lambda r: r.sort_key,
    "naam": lambda r: r.trajectory.candidate.name.lower(),
    "contact": lambda r: -(r.signals.days_since_contact if r.signals.days_since_contact is not None else 10_000),
    "sollicitaties": lambda r: (r.signals.applications_four_weeks - r.signals.target_four_weeks,
                                r.trajectory.candidate.name.lower()),
    "mijlpaal": lambda r: r.signals.days_to_milestone if r.signals.days_to_milestone is not None else 10_000,
}
LIGHT_FILTERS = {"rood": Light.RED, "oranje": Light.ORANGE, "groen": Light.GREEN, "pauze": Light.PAUSED}
STATUS_FILTERS = ("lopend", "alle", "afgerond")


@dataclass
class Filters:
    light: str = ""
    status: str = "lopend"
    q: str = ""
    sort: str = "aandacht"

    @classmethod
    def parse(cls, args) -> Filters:
        light = args.get("licht", "")
        status = args.get("status", "lopend")
        sort = args.get("sorteer", "aandacht")
        return cls(
            light=light if light in LIGHT_FILTERS else "",
            status=status if status in STATUS_FILTERS else "lopend",
            q=(args.get("q", "") or "")[:100].strip(),
            sort=sort if sort in SORTS else "aandacht",
        )

    def apply(self, rows: list[CaseRow]) -> list[CaseRow]:
        if self.status == "lopend":
            rows = [r for r in rows if r.running]
        elif self.status == "afgerond":
            rows = [r for r in rows if not r.running]
        if self.light:
            rows = [r for r in rows if r.light == LIGHT_FILTERS[self.light]]
        if self.q:
            needle = self.q.lower()
            rows = [r for r in rows if needle in r.trajectory.candidate.name.lower()
                    or needle in r.trajectory.reference.lower() or needle in r.trajectory.employer.name.lower()]
        return sorted(rows, key=SORTS[self.sort])


def good_news(rows: list[CaseRow]) -> list[tuple[CaseRow, GoodNews]]:
    """The strongest piece of good news of each running trajectory, newest first."""
    found = [(row, row.good_news[0]) for row in rows if row.running and row.good_news]
    return sorted(found, key=lambda pair: pair[1].since, reverse=True)


def light_counts(rows: list[CaseRow]) -> dict[str, int]:
    counts = {key: 0 for key in LIGHT_FILTERS}
    for row in rows:
        for key, light in LIGHT_FILTERS.items():
            if row.running and row.light == light:
                counts[key] += 1
    return counts
