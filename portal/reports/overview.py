"""The activity overview, built once as data: a header plus sections of rows.

PDF, CSV and XLSX render this one structure, so the three files always agree with each
other and with the evidence service (`portal.advisor.evidence.load_evidence`). Only what
an employer may see goes in: no notes, no attachments, no free text about health.
Inputs from other features are imported directly: a renamed function fails at import
instead of silently emptying a section of the UWV overview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.advisor import services as advisor_services
from portal.diary import services as diary_services
from portal.domain import timeline
from portal.domain.activities import ActivityKind, ApplicationStatus, Channel, Method
from portal.domain.evidence import APPLICATION, NETWORKING, OTHER, Evidence, WeekEvidence, evidence_selection
from portal.domain.weeks import Week
from portal.learning import services as learning_services
from portal.plan import services as plan_services
from portal.timeline import services as timeline_services
from portal.trajectory.models import Trajectory


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | date | bool


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class OverviewHeader:
    reference: str
    candidate_name: str
    employer_name: str
    advisors: list[str]
    first_sick_day: date
    spoor2_start: date
    planned_end: date
    weekly_target: int
    status_label: str
    period_start: date
    period_end: date
    generated_on: date


@dataclass
class Overview:
    header: OverviewHeader
    evidence: Evidence
    sections: list[Section]
    summary: str = ""  # the advisor's summary (plain text, escaped when rendered)
    plan: Any = None  # portal.plan.services.PlanSummary (what the employer may read), when plan has landed
    verification_code: str = ""  # set by the service just before rendering a file

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def totals(self) -> dict[str, int]:
        return self.evidence.totals

    @property
    def application_rate(self) -> float:
        """Applications per counted (finished, unpaused) week."""
        counted = self.totals["weeks_counted"]
        applications = sum(w.applications for w in self.evidence.counted_weeks)
        return round(applications / counted, 1) if counted else 0.0

    def meta_rows(self) -> list[dict[str, Any]]:
        """The header and totals as field/value rows (the `trajectory` section of CSV/XLSX)."""
        h = self.header
        pairs: list[tuple[str, Any]] = [
            ("reference", h.reference),
            ("candidate", h.candidate_name),
            ("employer", h.employer_name),
            ("advisors", ", ".join(h.advisors)),
            ("first_sick_day", h.first_sick_day),
            ("spoor2_start", h.spoor2_start),
            ("planned_end", h.planned_end),
            ("weekly_target", h.weekly_target),
            ("status", h.status_label),
            ("period_start", h.period_start),
            ("period_end", h.period_end),
            ("generated_on", h.generated_on),
            ("verification_code", self.verification_code),
        ]
        pairs += [(f"total_{key}", value) for key, value in self.totals.items()]
        pairs.append(("advisor_summary", self.summary))
        return [{"field": key, "value": value} for key, value in pairs]


WEEK_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"), Column("week_end", "Zondag", "date"),
    Column("paused", "Gepauzeerd", "bool"), Column("pause_category", "Soort pauze"), Column("complete", "Afgelopen", "bool"),
    Column("plan_version", "Planversie", "int"), Column("agreed_target", "Afgesproken doel", "int"),
    Column("target", "Doel", "int"), Column("applications", "Sollicitaties", "int"),
    Column("networking", "Netwerk", "int"), Column("other_activities", "Overig", "int"),
    Column("assignments_done", "Opdrachten", "int"), Column("contacts", "Contacten", "int"),
    Column("target_met", "Doel gehaald", "bool"), Column("judgement", "Beoordeling"),
    Column("explained", "Toelichting aanwezig", "bool"),
]
ACTIVITY_COLUMNS = [
    Column("date", "Datum", "date"), Column("week", "Week"), Column("kind", "Soort (code)"),
    Column("kind_label", "Soort"), Column("organisation", "Organisatie"), Column("place", "Plaats"),
    Column("position", "Functie"), Column("channel", "Kanaal"), Column("method", "Wijze"),
    Column("result", "Resultaat"), Column("fits_capacity", "Past bij belastbaarheid", "bool"),
]
MILESTONE_COLUMNS = [
    Column("code", "Code"), Column("label", "Mijlpaal"), Column("window_start", "Vanaf", "date"),
    Column("due_date", "Uiterlijk", "date"), Column("done_on", "Gedaan op", "date"),
    Column("state", "Status (code)"), Column("state_label", "Status"),
]
LEARNING_COLUMNS = [
    Column("item", "Onderdeel"), Column("title", "Titel"), Column("module", "Module"),
    Column("lessons_done", "Lessen klaar", "int"), Column("lessons_total", "Lessen totaal", "int"),
    Column("date", "Afgerond op", "date"),
]
CONTACT_COLUMNS = [Column("date", "Datum", "date"), Column("week", "Week"), Column("kind", "Soort contact")]
JUDGEMENT_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"),
    Column("applications", "Sollicitaties", "int"), Column("target", "Doel", "int"),
    Column("sufficient", "Voldoende", "bool"), Column("earlier_judgements", "Eerdere oordelen"),
]
GAP_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"),
    Column("applications", "Sollicitaties", "int"), Column("target", "Doel", "int"),
]
PHASE_COLUMNS = [Column("phase", "Fase"), Column("since", "Sinds", "date")]


def _label(enum_class, value: str) -> str:
    try:
        return enum_class(value).label
    except ValueError:
        return value or ""


def _week_row(w: WeekEvidence) -> dict[str, Any]:
    judgement = ""
    if w.judgement is not None:
        judgement = "sufficient" if w.judgement.sufficient else "insufficient"
    return {
        "week": w.week.key, "week_start": w.week.monday, "week_end": w.week.sunday,
        "paused": w.paused, "pause_category": w.pause_category, "complete": w.complete, "plan_version": w.plan_version,
        "agreed_target": w.agreed_target, "target": w.target,
        "applications": w.applications, "networking": w.networking,
        "other_activities": w.other_activities, "assignments_done": w.assignments_done,
        "contacts": w.contacts, "target_met": w.target_met, "judgement": judgement,
        # The reason itself is the candidate's free text: it may touch on health, so the
        # employer's files only say whether one was given.
        "explained": bool(w.low_week_reason),
    }


def diary_entries(trajectory: Trajectory, start: date, end: date) -> list:
    """Non-deleted diary entries in [start, end], in date order."""
    return diary_services.entries_for_overview(trajectory, start, end)


def _activity_row(entry) -> dict[str, Any]:
    # Only the fields an assessor needs; never notes_html, attachments or contact details.
    return {
        "date": entry.entry_date, "week": entry.week.key, "kind": entry.kind,
        "kind_label": _label(ActivityKind, entry.kind), "organisation": entry.organisation or "",
        "place": entry.place or "", "position": entry.position or "",
        "channel": _label(Channel, entry.channel), "method": _label(Method, entry.method),
        "result": _label(ApplicationStatus, entry.status), "fits_capacity": entry.fits_capacity,
    }


def milestone_rows(trajectory: Trajectory, today: date) -> list[dict[str, Any]]:
    """The Poortwachter steps the employer deals with, and whether each was met."""
    return [
        {
            "code": v.milestone.code, "label": v.milestone.label, "window_start": v.milestone.window_start,
            "due_date": v.milestone.due, "done_on": v.done_on, "state": str(timeline.MilestoneState(v.state)),
            "state_label": timeline.STATE_LABELS[timeline.MilestoneState(v.state)],
        }
        for v in timeline_services.milestone_overview(trajectory, today, "employer")
    ]


def learning_rows(trajectory: Trajectory, evidence: Evidence) -> list[dict[str, Any]]:
    """Modules with progress and the assignments approved within the period."""
    rows: list[dict[str, Any]] = []
    for module in learning_services.progress_for_overview(trajectory):
        rows.append({
            "item": "module", "title": module.title, "module": module.title,
            "lessons_done": module.lessons_done, "lessons_total": module.lessons_total,
            "date": module.completed_on,
        })
        for assignment_title, approved_on in module.approved:
            if approved_on is not None and evidence.start <= approved_on <= evidence.end:
                rows.append({"item": "assignment", "title": assignment_title, "module": module.title,
                             "lessons_done": None, "lessons_total": None, "date": approved_on})
    return rows


def contact_rows(trajectory: Trajectory, start: date, end: date) -> list[dict[str, Any]]:
    """Date and kind of each advisor contact: never the content of the conversation.

    The date is the local (Amsterdam) day, as the evidence counts it.
    """
    rows = []
    for contact in advisor_services.contacts_for_overview(trajectory, start, end):
        day = advisor_services.local_date(contact.starts_at)
        rows.append({"date": day, "week": Week.of(day).key, "kind": contact.kind_label})
    return sorted(rows, key=lambda r: r["date"])


def phase_rows(trajectory: Trajectory) -> list[dict[str, Any]]:
    return [{"phase": p.label, "since": p.since} for p in plan_services.phase_history(trajectory)]


def _earlier(reviews) -> str:
    """Earlier judgements of a week, oldest first ("onvoldoende op 2027-01-12"); no reasons."""
    return "; ".join(
        f"{'voldoende' if r.sufficient else 'onvoldoende'} op {advisor_services.local_date(r.reviewed_at).isoformat()}" for r in reviews
    )


def build_overview(trajectory: Trajectory, start: date, end: date, today: date, summary: str = "") -> Overview:
    """The whole overview for one trajectory and period, as data."""
    # Imported here: the evidence service pulls in the diary package, which imports it back.
    from portal.advisor.evidence import load_evidence

    evidence = load_evidence(trajectory, start, end, today)
    # The lists are the evidence's own selection (same rule, same clipped period), so each
    # list has exactly as many rows as its total.
    selected = evidence_selection(diary_entries(trajectory, evidence.start, evidence.end),
                                  trajectory.counting_window)
    lists = {key: [_activity_row(e) for e in rows] for key, rows in selected.items()}
    changes = diary_services.judgement_changes_for(trajectory.id)
    header = OverviewHeader(
        reference=trajectory.reference,
        candidate_name=trajectory.candidate.name,
        employer_name=trajectory.employer.name,
        advisors=[a.name for a in trajectory.advisors],
        first_sick_day=trajectory.first_sick_day,
        spoor2_start=trajectory.spoor2_start,
        planned_end=trajectory.planned_end,
        weekly_target=evidence.target_at_end if evidence.weeks else trajectory.initial_weekly_target,
        status_label=trajectory.status_enum.label,
        period_start=start,
        period_end=end,
        generated_on=today,
    )
    sections = [
        Section("weeks", "Activiteiten per week", WEEK_COLUMNS, [_week_row(w) for w in evidence.weeks]),
        Section("milestones", "Poortwachter-mijlpalen", MILESTONE_COLUMNS, milestone_rows(trajectory, today)),
        Section("applications", "Sollicitatieactiviteiten", ACTIVITY_COLUMNS, lists[APPLICATION]),
        Section("networking", "Netwerkactiviteiten", ACTIVITY_COLUMNS, lists[NETWORKING]),
        Section("other_activities", "Overige activiteiten", ACTIVITY_COLUMNS, lists[OTHER]),
        Section("learning", "Modules en opdrachten", LEARNING_COLUMNS, learning_rows(trajectory, evidence)),
        Section("contacts", "Contacten met de adviseur", CONTACT_COLUMNS, contact_rows(trajectory, start, end)),
        Section("judgements", "Beoordeelde weken", JUDGEMENT_COLUMNS, [
            {"week": w.week.key, "week_start": w.week.monday, "applications": w.applications,
             "target": w.target, "sufficient": w.judgement.sufficient,
             "earlier_judgements": _earlier(changes.get(w.week, []))}
            for w in evidence.weeks if w.judgement is not None
        ]),
        Section("gaps", "Weken zonder toelichting", GAP_COLUMNS, [
            {"week": w.week.key, "week_start": w.week.monday, "applications": w.applications, "target": w.target}
            for w in evidence.gaps
        ]),
        Section("phases", "Fasen van het traject", PHASE_COLUMNS, phase_rows(trajectory)),
    ]
    return Overview(header=header, evidence=evidence, sections=sections, summary=summary,
                    plan=plan_services.plan_summary_for_employer(trajectory))
