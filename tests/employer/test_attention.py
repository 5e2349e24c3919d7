"""The employer's "Vraagt je aandacht": a plan waiting for them, effort far under target and a
close legal deadline are marked, most urgent first, each with its action link."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from portal.casefile.employer import PLAN_WAITING_URGENT_DAYS, employer_attention, employer_rows
from portal.clock import local_today
from portal.domain import timeline
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.models import Party, PlanConfirmation, PlanVersion
from portal.timeline.models import MilestoneRecord
from tests.factories import OrganisationFactory, TrajectoryFactory, UserFactory
from tests.reports.factories import entry


def _first_sick_day_with(code: str, days_ahead: int):
    """A first sick day that puts milestone `code` `days_ahead` days from today (the calendar's own dates)."""
    today = local_today()
    probe = today - timedelta(weeks=70)
    due = next(m.due for m in timeline.poortwachter_milestones(probe) if m.code == code)
    return probe + (today + timedelta(days=days_ahead) - due)


def _applications(trajectory, per_week: int, weeks: int = 4):
    monday = Week.of(local_today()).monday
    for back in range(1, weeks + 1):
        for n in range(per_week):
            entry(trajectory, monday - timedelta(weeks=back) + timedelta(days=n % 5))


def _version(trajectory, days_ago: int, number: int = 1) -> PlanVersion:
    published = datetime.combine(local_today() - timedelta(days=days_ago), time(12), tzinfo=UTC)
    version = PlanVersion(trajectory=trajectory, number=number, effective_from=local_today(), weekly_target=2,
                          published_at=published)
    db.session.add(version)
    return version


def _attention(app, org):
    from portal.employer.services import employer_trajectories

    employer = UserFactory(employer=True, organisation=org)
    today = local_today()
    with app.test_request_context():
        return employer_attention(employer_rows(employer_trajectories(employer), today), today)


def test_each_kind_is_marked_and_the_most_urgent_comes_first(app):
    org = OrganisationFactory()
    riv = TrajectoryFactory(employer=org, first_sick_day=_first_sick_day_with("final_evaluation", 20))
    _applications(riv, 2)
    idle = TrajectoryFactory(employer=org)  # 0 of 8
    low = TrajectoryFactory(employer=org)  # 3 of 8: far under, not nothing
    _applications(low, 1, weeks=3)
    fine = TrajectoryFactory(employer=org)
    _applications(fine, 2)
    waiting = TrajectoryFactory(employer=org)
    _applications(waiting, 2)
    _version(waiting, days_ago=PLAN_WAITING_URGENT_DAYS + 6)
    db.session.commit()

    items = _attention(app, org)
    by_trajectory = {}
    for item in items:
        by_trajectory.setdefault(item.trajectory.id, []).append(item)
    assert fine.id not in by_trajectory

    (deadline,) = by_trajectory[riv.id]
    assert deadline.kind == "deadline" and "re-integratieverslag" in deadline.title
    assert deadline.when_note == "(nog 20 dagen)" and not deadline.urgent  # 20 days: soon, not yet urgent
    (effort,) = by_trajectory[idle.id]
    assert "0 van 8 sollicitatieactiviteiten in de laatste 4 weken" in effort.title and effort.urgent
    assert idle.advisors[0].name in effort.detail  # who to talk to is named
    (partial,) = by_trajectory[low.id]
    assert "3 van 8" in partial.title and not partial.urgent
    (plan,) = by_trajectory[waiting.id]
    assert plan.kind == "plan" and plan.urgent and plan.when == local_today() - timedelta(days=PLAN_WAITING_URGENT_DAYS + 6)
    assert plan.action_url.endswith(f"/trajecten/{waiting.id}/plan#bevestigen")

    urgent = [i.urgent for i in items]
    assert urgent == sorted(urgent, reverse=True)  # every urgent item before every other
    assert items[0] is plan  # waiting longest past the point it became urgent


def test_a_done_or_far_deadline_and_a_confirmed_plan_need_nothing(app):
    org = OrganisationFactory()
    done = TrajectoryFactory(employer=org, first_sick_day=_first_sick_day_with("final_evaluation", 10))
    db.session.add(MilestoneRecord(trajectory=done, code="final_evaluation", done_on=local_today()))
    far = TrajectoryFactory(employer=org, first_sick_day=_first_sick_day_with(
        "final_evaluation", timeline.EMPLOYER_NOTICE_DAYS + 10))
    confirmed = TrajectoryFactory(employer=org)
    version = _version(confirmed, days_ago=30)
    version.confirmations.append(PlanConfirmation(party=Party.EMPLOYER))
    for t in (done, far, confirmed):
        _applications(t, 2)
    closed = TrajectoryFactory(employer=org, status="closed", closed_on=local_today() - timedelta(weeks=8))
    _version(closed, days_ago=30)
    db.session.commit()
    assert _attention(app, org) == []


def test_home_and_organisation_page_show_the_block_on_top_for_their_own_employer_only(app, client, login_as):
    org, other = OrganisationFactory(), OrganisationFactory()
    idle = TrajectoryFactory(employer=org)
    stranger = TrajectoryFactory(employer=other)
    _version(stranger, days_ago=40)
    db.session.commit()
    login_as(UserFactory(employer=True, organisation=org))
    home = client.get("/home").get_data(as_text=True)
    assert "Vraagt je aandacht" in home
    assert home.index("Vraagt je aandacht") < home.index("Je trajecten")
    assert "Dringend" in home  # the level in words, not colour alone
    assert f'href="/werkgever#traject-{idle.id}"' in home and "Voortgang bekijken" in home
    assert stranger.candidate.name not in home
    page = client.get("/werkgever").get_data(as_text=True)
    assert page.index("Vraagt je aandacht") < page.index(f'id="traject-{idle.id}"')

    login_as(UserFactory(employer=True, organisation=OrganisationFactory()))
    assert "Vraagt je aandacht" not in client.get("/home").get_data(as_text=True)
