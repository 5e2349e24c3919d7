"""Demo data for the learning feature: progress at different points, feedback threads, snippets."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.learning import services
from portal.learning.content import get_library
from portal.learning.models import AssignmentWork, FeedbackSnippet, LessonProgress, Submission
from portal.learning.rules import score_rubric

ANSWERS = {
    "orientatie-overdraagbare-vaardigheden": (
        "1. Plannen: ik maakte elke week het rooster voor 14 collega's van de thuiszorg.\n"
        "2. Klantcontact: ik was het vaste aanspreekpunt voor cliënten en hun familie.\n"
        "3. Rapporteren: ik hield dossiers bij in ONS en schreef overdrachten.\n"
        "4. Uitleggen: nieuwe collega's werkte ik in op procedures.\n"
        "5. Rustig blijven: bij een incident belde ik de huisarts en regelde ik vervanging."
    ),
    "orientatie-drie-richtingen": (
        "Richting 1: planner in de zorg (roosters, 24 uur, regio {town}).\n"
        "Richting 2: medewerker klantenservice bij een zorgverzekeraar.\n"
        "Richting 3: secretariaat van een huisartsenpraktijk."
    ),
    "cv-eerste-versie": (
        "{name}\n{town} · {phone} · {email}\n\n"
        "Profiel\nErvaren zorgmedewerker met oog voor planning.\n\n"
        "Werkervaring\n2004-heden Wijkverpleging, Zorggroep Rivierenland\n- Rooster voor 14 collega's\n"
    ),
    "cv-op-maat": (
        "Vacature: planner zorg bij Thuiszorg West-Betuwe.\n"
        "Aangepast: profieltekst (planning voorop), trefwoorden 'roosterplanning' en 'Nedap ONS', "
        "volgorde van de werkervaring."
    ),
    "brief-reactie-op-vacature": "Geachte mevrouw Jansen,\n\nMet veel interesse las ik uw vacature voor planner",
    "linkedin-profiel": "Kopregel: Planner zorg | Roosterplanning | Klantcontact\nInfo-tekst in drie alinea's staat online.",
    "netwerkkaart": "42 namen in 8 kringen. Eerste vijf: oud-collega Petra, buurman Jan, zwager Ruud, Anja, Wim.",
}
REVISION_CV_1 = (
    "Een goed begin! Drie dingen om aan te werken:\n\n"
    "- Je **profieltekst** is nog heel algemeen. Noem je sterkste vaardigheid en het werk dat je zoekt.\n"
    "- Zet bij je werkervaring **resultaten**, niet alleen taken.\n"
    "- Vermeld je ziekteperiode kort, zonder medische details (zie les 4)."
)
REVISION_CV_2 = (
    "Je profieltekst is veel sterker geworden. Nog één ding: bij je huidige baan ontbreekt de korte regel "
    "over je ziekteperiode. Gebruik bijvoorbeeld: *\"2024-heden: periode van herstel; nu beschikbaar voor "
    "24 uur per week.\"*"
)
APPROVED = "Helder en concreet. Hier kun je mee verder. Goed gedaan!"
SNIPPETS = {
    "cv-eerste-versie": [
        ("Profieltekst te algemeen", "Je profieltekst is nog algemeen. Noem in één zin je sterkste vaardigheid "
         "en in één zin het soort werk dat je zoekt, met het aantal uren."),
        ("Resultaten in plaats van taken", "Beschrijf bij je werkervaring wat je bereikte, liefst met een getal: "
         "\"rooster voor 14 collega's\" zegt meer dan \"roosters maken\"."),
        ("Gat in je cv", "Vermeld je ziekteperiode in één korte regel, zonder medische details, en kijk vooruit: "
         "waarvoor ben je nu beschikbaar?"),
    ],
    "orientatie-overdraagbare-vaardigheden": [
        ("Voorbeeld ontbreekt", "Zet bij elke vaardigheid een echt voorbeeld uit je werk of je leven."),
    ],
    "linkedin-profiel": [
        ("Kopregel", "Gebruik in je kopregel de functienamen waarop werkgevers zoeken, niet je oude functie."),
    ],
}

# key -> (modules fully read, extra lessons in the next module, [(assignment, script)])
# script: "approved", "revised_approved", "revision2" (two attempts, revise twice),
# "submitted", "resubmitted" (revise once, attempt 2 waiting), "draft"
PLANS = {
    "sanne": (["orientatie", "cv", "sollicitatiebrief"], 2, [
        ("orientatie-overdraagbare-vaardigheden", "approved"), ("orientatie-drie-richtingen", "revised_approved"),
        ("cv-eerste-versie", "revision2"), ("cv-op-maat", "submitted"), ("brief-reactie-op-vacature", "draft"),
    ]),
    "ahmed": (["orientatie"], 3, [
        ("orientatie-overdraagbare-vaardigheden", "approved"), ("orientatie-drie-richtingen", "approved"),
        ("cv-eerste-versie", "resubmitted"),
    ]),
    "lisa": ([], 2, [("orientatie-overdraagbare-vaardigheden", "draft")]),
    "kees": (["orientatie", "cv", "sollicitatiebrief", "linkedin"], 1, [
        ("orientatie-overdraagbare-vaardigheden", "approved"), ("orientatie-drie-richtingen", "approved"),
        ("cv-eerste-versie", "revised_approved"), ("cv-op-maat", "approved"),
        ("linkedin-profiel", "submitted"), ("netwerkkaart", "submitted"),
    ]),
    "noor": (["orientatie"], 1, [
        ("orientatie-overdraagbare-vaardigheden", "approved"), ("orientatie-drie-richtingen", "submitted"),
    ]),
    "henk": (["orientatie", "cv", "sollicitatiebrief", "linkedin", "netwerken"], 2, [
        ("orientatie-overdraagbare-vaardigheden", "approved"), ("cv-eerste-versie", "approved"),
        ("linkedin-profiel", "approved"),
    ]),
    "daan": (["orientatie"], 2, [("orientatie-overdraagbare-vaardigheden", "approved"),
                                 ("orientatie-drie-richtingen", "draft")]),
    "sem": ([], 3, [("orientatie-overdraagbare-vaardigheden", "submitted")]),
    "tom": (["orientatie", "cv"], 0, [("orientatie-overdraagbare-vaardigheden", "approved"),
                                      ("cv-eerste-versie", "approved")]),
    "fleur": ([], 1, []),
}


def _answer(slug: str, trajectory) -> str:
    """The demo answer to an assignment, with this candidate's own name, town and contact
    details: another candidate's personal data never appears in someone's work."""
    candidate = trajectory.candidate
    return ANSWERS.get(slug, "Mijn uitwerking van de opdracht.").format(
        name=candidate.name, email=candidate.email, town=trajectory.employer.city or "de regio",
        phone=f"06-{10_000_000 + candidate.id * 7_919 % 90_000_000}")


def _top_scores(assignment) -> list[dict]:
    """An approval in the demo scores every criterion of the rubric (if any) at its top level."""
    return score_rubric(assignment.rubric, {i: len(c.levels) - 1 for i, c in enumerate(assignment.rubric)})[0]


def _moment(ctx, days_ago: float, hour: int = 10) -> datetime:
    return datetime.combine(ctx.today - timedelta(days=int(days_ago)), time(hour, 0), tzinfo=UTC)


def _seed_trajectory(ctx, key: str, library) -> None:
    trajectory = ctx.trajectories[key]
    exists = db.session.scalar(select(LessonProgress.id).where(LessonProgress.trajectory_id == trajectory.id)) or \
        db.session.scalar(select(AssignmentWork.id).where(AssignmentWork.trajectory_id == trajectory.id))
    if exists:
        return
    full, extra, scripts = PLANS[key]
    candidate = trajectory.candidate
    advisor = trajectory.advisors[0]
    weeks = max(1, (ctx.today - trajectory.spoor2_start).days // 7)
    done_modules = [library.module(slug) for slug in full if library.module(slug)]
    following = next((m for m in library.modules if m.slug not in full), None)
    lessons = [(m, lesson) for m in done_modules for lesson in m.lessons]
    if following:
        lessons += [(following, lesson) for lesson in following.lessons[:extra]]
    for index, (module, lesson) in enumerate(lessons):
        days_ago = max(1, weeks * 7 - (index + 1) * (weeks * 7 // (len(lessons) + 1)))
        db.session.add(LessonProgress(trajectory_id=trajectory.id, module_slug=module.slug,
                                      lesson_slug=lesson.slug, done_at=_moment(ctx, days_ago, 9 + index % 8)))
    for number, (slug, script) in enumerate(scripts):
        assignment = library.assignment(slug)
        if assignment is None:
            continue
        start = max(2, weeks * 7 - assignment.due_week * 7 + 3)  # handed in around the due week
        start = min(start, 25 - number)
        text = _answer(slug, trajectory)
        if script == "draft":
            services.save_draft(trajectory, assignment, candidate, text, at=_moment(ctx, 1, 20))
            continue
        first = services.submit(trajectory, assignment, candidate, text, at=_moment(ctx, start, 19))
        db.session.flush()
        if script == "submitted":
            continue
        if script == "approved":
            services.review(first, advisor, True, APPROVED, at=_moment(ctx, start - 1, 11),
                            rubric_scores=_top_scores(assignment))
            continue
        feedback = REVISION_CV_1 if slug == "cv-eerste-versie" else "Goed begin. Maak elke richting concreter."
        services.review(first, advisor, False, feedback, at=_moment(ctx, start - 1, 11))
        second = services.submit(trajectory, assignment, candidate,
                                 text + "\n\nAangepast na feedback: profieltekst herschreven met planning voorop.",
                                 at=_moment(ctx, start - 3, 20))
        db.session.flush()
        if script == "revised_approved":
            services.review(second, advisor, True, APPROVED, at=_moment(ctx, start - 4, 10),
                            rubric_scores=_top_scores(assignment))
        elif script == "revision2":
            services.review(second, advisor, False, REVISION_CV_2, at=_moment(ctx, max(1, start - 4), 10))
            services.save_draft(trajectory, assignment, candidate, second.text, at=_moment(ctx, 1, 21))
    db.session.flush()


def read_before_submitting(trajectory, library=None) -> None:
    """Lesson progress that fits the work handed in: every lesson of a module up to the one that
    holds an assignment is read before that assignment's first attempt (added or moved earlier)."""
    library = library or get_library()
    firsts = dict(db.session.execute(
        select(AssignmentWork.assignment_slug, func.min(Submission.submitted_at))
        .join(Submission, Submission.work_id == AssignmentWork.id)
        .where(AssignmentWork.trajectory_id == trajectory.id).group_by(AssignmentWork.assignment_slug)
    ).all())
    read = {(p.module_slug, p.lesson_slug): p for p in db.session.scalars(
        select(LessonProgress).where(LessonProgress.trajectory_id == trajectory.id))}
    for slug, first_at in sorted(firsts.items(), key=lambda item: item[1]):
        assignment = library.assignment(slug)
        if assignment is None or first_at is None:
            continue
        before = [lesson for lesson in assignment.module.lessons if lesson.order <= assignment.lesson.order]
        for back, lesson in enumerate(reversed(before), start=1):
            at = first_at - timedelta(hours=20 * back)
            progress = read.get((assignment.module.slug, lesson.slug))
            if progress is None:
                progress = LessonProgress(trajectory_id=trajectory.id, module_slug=assignment.module.slug,
                                          lesson_slug=lesson.slug, done_at=at)
                db.session.add(progress)
                read[(assignment.module.slug, lesson.slug)] = progress
            elif _aware(progress.done_at) > first_at:
                progress.done_at = at
    db.session.flush()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Demo candidates who are behind with their assignments on purpose (the advisor's
# dashboard should show overdue work for some, not for everyone).
BEHIND = {"lisa", "sem"}
CATCH_UP_AFTER_DAYS = 14


def catch_up(ctx, trajectory, library=None, grace_days: int = CATCH_UP_AFTER_DAYS) -> None:
    """Approve assignments that fell due weeks ago and were never started: a candidate who
    is on track has done the early curriculum (other demo seeders use this too)."""
    library = library or get_library()
    advisor = trajectory.advisors[0]
    started = set(db.session.scalars(
        select(AssignmentWork.assignment_slug).where(AssignmentWork.trajectory_id == trajectory.id)))
    for assignment in library.assignments:
        if assignment.slug in started:
            continue
        due = services.assignment_due_on(trajectory, assignment, ctx.today)
        if (ctx.today - due).days < grace_days:
            continue
        days_ago = max(3, (ctx.today - due).days + 2)
        first = services.submit(trajectory, assignment, trajectory.candidate, _answer(assignment.slug, trajectory),
                                at=_moment(ctx, days_ago, 19))
        db.session.flush()
        services.review(first, advisor, True, APPROVED, at=_moment(ctx, days_ago - 1, 11),
                        rubric_scores=_top_scores(assignment))
    db.session.flush()
    read_before_submitting(trajectory, library)


def _mark_old_feedback_seen(ctx, days: int = 14) -> None:
    """Candidates open their feedback: only the last two weeks' is still new in the demo."""
    cutoff = _moment(ctx, days)
    ids = [t.id for t in ctx.trajectories.values()]
    for submission in db.session.scalars(select(Submission).where(
            Submission.trajectory_id.in_(ids), Submission.reviewed_at.is_not(None),
            Submission.reviewed_at < cutoff, Submission.feedback_seen_at.is_(None))):
        submission.feedback_seen_at = submission.reviewed_at + timedelta(days=1)


def seed_learning(ctx) -> None:
    """Learning progress for the demo trajectories and feedback snippets for the advisors."""
    library = get_library()
    for key in PLANS:
        if key in ctx.trajectories:
            _seed_trajectory(ctx, key, library)
            if key not in BEHIND and ctx.trajectories[key].status in ("active", "paused", "placed"):
                catch_up(ctx, ctx.trajectories[key], library)
            read_before_submitting(ctx.trajectories[key], library)
    # Kees has two advisors: the case manager has claimed his LinkedIn profile for review.
    kees = ctx.trajectories.get("kees")
    if kees is not None and "advisor3" in ctx.users:
        work = db.session.scalar(select(AssignmentWork).where(
            AssignmentWork.trajectory_id == kees.id, AssignmentWork.assignment_slug == "linkedin-profiel"))
        if work and work.latest and work.latest.claimed_by_id is None and work.state == "submitted":
            services.claim(work.latest, ctx.users["advisor3"], _moment(ctx, 0, 8))
    _mark_old_feedback_seen(ctx)
    advisor = ctx.users["advisor"]
    for slug, items in SNIPPETS.items():
        for title, body in items:
            found = db.session.scalar(select(FeedbackSnippet.id).where(
                FeedbackSnippet.advisor_id == advisor.id, FeedbackSnippet.assignment_slug == slug,
                FeedbackSnippet.title == title))
            if found is None:
                services.add_snippet(advisor, slug, title, body)
