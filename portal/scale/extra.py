"""Bulk generators for the features beyond diary and vacancies: learning work, advisor
contacts and notes, plan versions and phases.

Registered in `generate.EXTRA_GENERATORS`; each one takes
`(spec, rng, trajectories, advisor_ids, progress)` and returns row counts. They draw from
the shared, seeded `rng` in a fixed order, so the whole set stays deterministic per seed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from portal.advisor.models import Appointment, AppointmentKind, AppointmentStatus, Note, NoteVisibility
from portal.learning.content import get_library
from portal.learning.models import AssignmentEvent, AssignmentWork, Submission
from portal.learning.rules import AssignmentState
from portal.plan.models import (
    Frequency,
    Party,
    Phase,
    PhaseChange,
    PlanActivity,
    PlanConfirmation,
    PlannedPhase,
    PlanVersion,
)

S = AssignmentState
NOTE_LINES = [
    "Goed gesprek gehad over de zoekrichting; kandidaat pakt netwerkgesprekken op.",
    "Cv besproken, profieltekst moet concreter.",
    "Kandidaat meldt meer energie; afgesproken om uren op te bouwen.",
    "Werkgever gebeld over de voortgang; geen bijzonderheden.",
    "Sollicitatiebrief nagelopen en feedback gegeven.",
    "Kandidaat twijfelt over de richting; volgende keer arbeidsmarktinformatie bekijken.",
]
AGREEMENTS = ["Drie sollicitaties per week", "Cv bijwerken voor donderdag", "Netwerkgesprek plannen",
              "Vacaturebank bijhouden", "Module sollicitatiegesprek afronden"]


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _advisor_of(t: dict, advisor_ids: list[int], trajectory_start: int) -> int:
    return advisor_ids[(t["id"] - trajectory_start) % len(advisor_ids)]


def learning_work(spec, rng, trajectories, advisor_ids, progress) -> dict[str, int]:
    """Assignment work for every assignment due so far: drafts, attempts, reviews, events."""
    from portal.scale.generate import _bulk, _next_id

    assignments = [a for a in get_library().assignments]
    if not assignments or not trajectories:
        return {"assignment_work": 0, "submissions": 0}
    first = trajectories[0]["id"]
    work_rows, submissions, events = [], [], []
    work_id, submission_id, event_id = _next_id(AssignmentWork), _next_id(Submission), _next_id(AssignmentEvent)
    for t in trajectories:
        advisor = _advisor_of(t, advisor_ids, first)
        for assignment in assignments:
            due = t["spoor2_start"] + timedelta(weeks=assignment.due_week)
            roll = rng.random()
            if due > spec.today + timedelta(weeks=2) and roll < 0.8:
                continue  # not reached yet
            if roll < 0.08:
                continue  # not started (no row, like the real app)
            started = min(due - timedelta(days=rng.randint(1, 10)), spec.today)
            started = max(started, t["spoor2_start"])
            # Final state: mostly approved, some waiting for review or revision, a few drafts.
            state = rng.choices([S.APPROVED, S.SUBMITTED, S.NEEDS_REVISION, S.DRAFT], [70, 12, 8, 10])[0]
            attempts = 0 if state == S.DRAFT else (2 if rng.random() < 0.2 else 1)
            at = _at(started, 10)
            work_rows.append({
                "id": work_id, "trajectory_id": t["id"], "module_slug": assignment.module.slug,
                "assignment_slug": assignment.slug, "state": state.value, "draft_text": "Mijn uitwerking.",
                "draft_file_id": None, "draft_saved_at": at, "created_at": at, "updated_at": at,
            })
            events.append({"id": event_id, "work_id": work_id, "from_state": S.NOT_STARTED.value,
                           "to_state": S.DRAFT.value, "attempt": None, "actor_id": t["candidate_id"], "at": at})
            event_id += 1
            previous = S.DRAFT
            for attempt in range(1, attempts + 1):
                submitted_at = at + timedelta(days=attempt * 3)
                last = attempt == attempts
                status = state if last else S.NEEDS_REVISION
                reviewed = status in (S.APPROVED, S.NEEDS_REVISION)
                reviewed_at = submitted_at + timedelta(days=2) if reviewed else None
                submissions.append({
                    "id": submission_id, "work_id": work_id, "trajectory_id": t["id"], "attempt": attempt,
                    "text": "Mijn uitwerking.", "file_id": None,
                    "content_version": f"{assignment.module.slug}@{assignment.module.version}",
                    "submitted_by_id": t["candidate_id"], "submitted_at": submitted_at, "status": status.value,
                    "reviewer_id": advisor if reviewed else None, "reviewed_at": reviewed_at,
                    "feedback": "Helder uitgewerkt." if reviewed else "", "feedback_seen_at": reviewed_at,
                    "claimed_by_id": None, "claimed_at": None,
                })
                submission_id += 1
                events.append({"id": event_id, "work_id": work_id, "from_state": previous.value,
                                "to_state": S.SUBMITTED.value, "attempt": attempt, "actor_id": t["candidate_id"],
                                "at": submitted_at})
                event_id += 1
                if reviewed:
                    events.append({"id": event_id, "work_id": work_id, "from_state": S.SUBMITTED.value,
                                   "to_state": status.value, "attempt": attempt, "actor_id": advisor,
                                   "at": reviewed_at})
                    event_id += 1
                previous = status
            work_id += 1
    return {
        "assignment_work": _bulk(AssignmentWork.__table__, iter(work_rows), progress, "opdrachten"),
        "submissions": _bulk(Submission.__table__, iter(submissions), progress, "opdrachten"),
        "assignment_events": _bulk(AssignmentEvent.__table__, iter(events), progress, "opdrachten"),
    }


def advisor_contacts(spec, rng, trajectories, advisor_ids, progress) -> dict[str, int]:
    """An appointment about every three weeks (past ones held, with a report) and notes."""
    from portal.scale.generate import _bulk

    if not trajectories:
        return {"appointments": 0, "notes": 0}
    first = trajectories[0]["id"]
    now = datetime.now(UTC)
    kinds = [k.value for k in AppointmentKind]
    visibilities = [v.value for v in NoteVisibility]

    def appointments() -> Iterator[dict]:
        for t in trajectories:
            advisor = _advisor_of(t, advisor_ids, first)
            day = t["spoor2_start"] + timedelta(days=rng.randint(0, 6))
            intake = True
            while day <= spec.today + timedelta(weeks=3):
                past = day < spec.today
                status = (rng.choices([AppointmentStatus.HELD, AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED],
                                      [90, 4, 6])[0] if past else AppointmentStatus.PLANNED).value
                held = status == AppointmentStatus.HELD.value
                yield {
                    "trajectory_id": t["id"], "advisor_id": advisor,
                    "kind": AppointmentKind.INTAKE.value if intake else rng.choice(kinds[1:]),
                    "status": status, "starts_at": _at(day, rng.randint(9, 16)), "duration_minutes": 60,
                    "location": "Kantoor" if rng.random() < 0.7 else "https://meet.example.nl/bench",
                    "goal": "Voortgang bespreken" if held else "", "participants": "",
                    "agreements": rng.choice(AGREEMENTS) if held else "",
                    "next_step": "Volgende afspraak over drie weken" if held else "",
                    "created_at": now, "updated_at": now,
                }
                intake = False
                day += timedelta(weeks=3, days=rng.randint(-2, 2))

    def notes() -> Iterator[dict]:
        for t in trajectories:
            advisor = _advisor_of(t, advisor_ids, first)
            day = t["spoor2_start"] + timedelta(days=rng.randint(0, 13))
            number = 0
            while day <= spec.today:
                at = _at(day, 15)
                # The first note is shared with the candidate, the second with the employer.
                shared = {0: NoteVisibility.CANDIDATE.value, 1: NoteVisibility.EMPLOYER.value}
                visibility = shared.get(number) or rng.choices(visibilities, [70, 20, 10])[0]
                yield {"trajectory_id": t["id"], "author_id": advisor, "visibility": visibility,
                       "body": rng.choice(NOTE_LINES), "created_at": at, "updated_at": at, "deleted_at": None}
                number += 1
                day += timedelta(days=rng.randint(10, 40))

    return {
        "appointments": _bulk(Appointment.__table__, appointments(), progress, "afspraken"),
        "notes": _bulk(Note.__table__, notes(), progress, "notities"),
    }


def plans(spec, rng, trajectories, advisor_ids, progress) -> dict[str, int]:
    """One to three plan versions per trajectory (the weekly target comes from the plan),
    with the application activity, planned phases, confirmations and phase changes."""
    from portal.scale.generate import _bulk, _next_id

    if not trajectories:
        return {"plan_versions": 0}
    first = trajectories[0]["id"]
    phases = list(Phase)
    versions, activities, planned, confirmations, changes = [], [], [], [], []
    version_id = _next_id(PlanVersion)
    for t in trajectories:
        advisor = _advisor_of(t, advisor_ids, first)
        start = t["spoor2_start"]
        count = rng.choices([1, 2, 3], [60, 30, 10])[0]
        dates = [start]
        for _ in range(count - 1):
            dates.append(dates[-1] + timedelta(weeks=rng.randint(10, 30)))
        dates = [d for d in dates if d <= spec.today] or [start]
        for number, effective in enumerate(dates, start=1):
            # The last version carries the trajectory's own target, so both stay consistent.
            target = t["weekly_target"] if number == len(dates) else rng.choice([1, 2])
            versions.append({
                "id": version_id, "trajectory_id": t["id"], "number": number, "effective_from": effective,
                "goals": "Binnen het tweede spoor passend werk vinden.", "weekly_target": target,
                "change_summary": "" if number == 1 else "Doel bijgesteld", "change_reason": "",
                "created_by_id": advisor, "published_at": _at(effective, 11),
            })
            activities.append({"version_id": version_id, "position": 0, "description": "Solliciteren",
                               "quantity": target, "frequency": Frequency.WEEK.value, "module_slug": ""})
            for position, phase in enumerate(phases[:4]):
                planned.append({"version_id": version_id, "position": position, "phase": phase.value,
                                "start_on": start + timedelta(weeks=6 * position),
                                "end_on": start + timedelta(weeks=6 * position + 6)})
            confirmations.append({"version_id": version_id, "party": Party.CANDIDATE.value,
                                  "user_id": t["candidate_id"], "confirmed_at": _at(effective, 16)})
            version_id += 1
        day = start
        for phase in phases[:4]:
            if day > spec.today:
                break
            changes.append({"trajectory_id": t["id"], "phase": phase.value, "started_on": day, "note": "",
                            "changed_by_id": advisor, "created_at": _at(day, 12)})
            day += timedelta(weeks=rng.randint(4, 10))
    return {
        "plan_versions": _bulk(PlanVersion.__table__, iter(versions), progress, "plannen"),
        "plan_activities": _bulk(PlanActivity.__table__, iter(activities), progress, "plannen"),
        "planned_phases": _bulk(PlannedPhase.__table__, iter(planned), progress, "plannen"),
        "plan_confirmations": _bulk(PlanConfirmation.__table__, iter(confirmations), progress, "plannen"),
        "phase_changes": _bulk(PhaseChange.__table__, iter(changes), progress, "plannen"),
    }


GENERATORS = [learning_work, advisor_contacts, plans]
