"""The activity overview's data build: the evidence and the lists of one trajectory and period.

The lists are the evidence's own selection (`domain.evidence.evidence_selection`), so each
list has exactly as many rows as its total. Inputs from other features are imported
directly: a renamed function fails at import instead of silently emptying a section of the
UWV overview.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.advisor import services as advisor_services
from portal.casefile.evidence import load_evidence
from portal.diary import services as diary_services
from portal.domain import timeline
from portal.domain.activities import ActivityKind, Channel, Method, status_label
from portal.domain.evidence import APPLICATION, NETWORKING, OTHER, Evidence, WeekEvidence, evidence_selection
from portal.domain.weeks import Week
from portal.learning import services as learning_services
from portal.plan import services as plan_services
from portal.reports.overview import (
    ACTIVITY_COLUMNS,
    CONTACT_COLUMNS,
    GAP_COLUMNS,
    JUDGEMENT_COLUMNS,
    LEARNING_COLUMNS,
    MILESTONE_COLUMNS,
    PHASE_COLUMNS,
    WEEK_COLUMNS,
    Overview,
    OverviewHeader,
    Section,
    earlier_judgements,
)
from portal.timeline import services as timeline_services
from portal.trajectory.models import Trajectory


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
        "result": status_label(entry.status, entry.kind), "status": entry.status or "",
        "fits_capacity": entry.fits_capacity,
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


def _earlier(reviews) -> list[tuple[bool, date]]:
    """Earlier judgements of a week, oldest first, each as (sufficient, local day); no reasons."""
    return [(r.sufficient, advisor_services.local_date(r.reviewed_at)) for r in reviews]


def build_overview(trajectory: Trajectory, start: date, end: date, today: date, summary: str = "") -> Overview:
    """The whole overview for one trajectory and period, as data."""
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
             **earlier_judgements(_earlier(changes.get(w.week, [])))}
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
