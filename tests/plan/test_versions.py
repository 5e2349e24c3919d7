"""Plan versions: immutable versions, confirmations per version, the diff between versions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.plan import services
from portal.plan.models import Party, PlanConfirmation
from tests.factories import world
from tests.plan.factories import publish


def test_versions_are_numbered_and_a_revision_must_say_what_and_why(app):
    w = world()
    first = publish(w["t1"], 2, change_summary="", change_reason="")
    assert first.number == 1
    with pytest.raises(services.PlanError):
        publish(w["t1"], 3, change_summary="", change_reason="")
    second = publish(w["t1"], 3, effective_from=w["t1"].spoor2_start + timedelta(weeks=3))
    assert second.number == 2
    assert [v.number for v in services.versions_for(w["t1"])] == [1, 2]
    assert services.versions_for(w["t2"]) == []


def test_revision_cannot_start_before_the_previous_version(app):
    w = world()
    publish(w["t1"], 2, effective_from=w["t1"].spoor2_start + timedelta(weeks=2))
    with pytest.raises(services.PlanError):
        publish(w["t1"], 3, effective_from=w["t1"].spoor2_start)


def test_confirmation_belongs_to_one_version_and_a_revision_needs_new_ones(app):
    w = world()
    v1 = publish(w["t1"], 2)
    services.confirm_version(v1, w["candidate1"])
    services.confirm_version(v1, w["employer1"])
    assert v1.confirmation_by(Party.CANDIDATE).user == w["candidate1"]
    assert v1.confirmation_by(Party.EMPLOYER).user == w["employer1"]
    assert v1.confirmation_by(Party.EMPLOYER).confirmed_at is not None

    v2 = publish(w["t1"], 3, effective_from=w["t1"].spoor2_start + timedelta(weeks=4))
    db.session.flush()
    assert v2.confirmations == []
    assert services.awaiting(v2, Party.CANDIDATE) and services.awaiting(v2, Party.EMPLOYER)
    # The old version keeps its confirmations, and can no longer be confirmed.
    assert len(v1.confirmations) == 2
    with pytest.raises(services.PlanError):
        services.confirm_version(v1, w["candidate1"])
    services.confirm_version(v2, w["candidate1"])
    with pytest.raises(services.PlanError):
        services.confirm_version(v2, w["candidate1"])  # twice
    assert db.session.query(PlanConfirmation).filter_by(version_id=v2.id).count() == 1


@pytest.mark.parametrize("who", ["candidate2", "employer2", "advisor1", "admin"])
def test_only_the_trajectorys_own_candidate_and_employer_confirm(app, who):
    w = world()
    version = publish(w["t1"], 2)
    with pytest.raises(services.PlanError):
        services.confirm_version(version, w[who])
    with pytest.raises(services.PlanError):
        services.add_view(version, w[who], "Mijn mening")


def test_written_views_are_kept_per_version(app):
    w = world()
    version = publish(w["t1"], 2)
    services.add_view(version, w["candidate1"], "Ik wil ook parttime kijken.")
    services.add_view(version, w["employer1"], "Akkoord met het tempo.")
    assert [(v.party, v.body) for v in version.views] == [
        ("candidate", "Ik wil ook parttime kijken."), ("employer", "Akkoord met het tempo.")]


def test_diff_names_target_goals_activities_and_phases(app):
    w = world()
    t = w["t1"]
    v1 = publish(t, 2, goals="Werk vinden in de zorg",
                 phases=[{"phase": "orientation", "start_on": t.spoor2_start, "end_on": None}])
    v2 = publish(
        t, 3, effective_from=t.spoor2_start + timedelta(weeks=4), goals="Werk vinden in de zorg of administratie",
        activities=[{"description": "sollicitaties", "quantity": 3, "frequency": "week"},
                    {"description": "", "module_slug": "cv"}],
        phases=[{"phase": "orientation", "start_on": t.spoor2_start, "end_on": t.spoor2_start + timedelta(weeks=2)}],
    )
    diff = services.diff_versions(v1, v2)
    assert ("Sollicitaties per week", "2", "3") in diff.fields
    assert ("ins", "of administratie") in diff.goals.parts
    assert "3 sollicitaties per week" in diff.activities_added
    assert "Module afronden: Een sterk cv" in diff.activities_added
    assert "2 sollicitaties per week" in diff.activities_removed
    assert diff.phases and diff.phases[0][0] == "Oriëntatie"
    assert services.diff_versions(v2, v2).empty


def test_module_choices_come_from_the_content_front_matter(app):
    choices = dict(services.module_choices())
    assert choices["cv"] == "Een sterk cv"
    assert len(choices) >= 5
