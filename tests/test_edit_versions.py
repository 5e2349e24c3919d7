"""Intake, milestone records and search profiles keep their earlier states (portal/versions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.jobs.models import SearchProfile
from portal.plan import casework
from portal.timeline.models import MilestoneRecord
from tests.factories import world


@pytest.fixture
def switch_to(auth, login_as):
    """Log out whoever is logged in, then log in as `user`."""

    def _switch(user):
        auth.logout()
        return login_as(user)

    return _switch


def _intake(client, t, version=None, **fields):
    data = {"intake_on": "2026-11-02", "situation": "Wil ander werk", **fields}
    if version is not None:
        data["version"] = str(version)
    return client.post(f"/trajecten/{t.id}/intake", data=data)


def test_intake_edits_keep_the_previous_text_and_show_it(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["advisor1"])
    assert _intake(client, t, capacity_limitations="Niet tillen").status_code == 302
    intake = casework.intake_for(t)
    assert intake.versions == [] and intake.version == 1
    assert _intake(client, t, version=1, capacity_limitations="Niet tillen").status_code == 302  # nothing changed
    db.session.refresh(intake)
    assert intake.versions == []
    assert _intake(client, t, version=1, capacity_limitations="Geen nachtdiensten").status_code == 302
    db.session.refresh(intake)
    assert intake.capacity_limitations == "Geen nachtdiensten"
    assert [v.capacity_limitations for v in intake.versions] == ["Niet tillen"]
    assert intake.versions[0].edited_by == w["advisor1"] and intake.version == 2
    page = client.get(f"/trajecten/{t.id}/intake").get_data(as_text=True)
    assert "Geschiedenis van de intake" in page and "Niet tillen" in page
    # The candidate reads the intake and its history; another advisor gets nothing.
    switch_to(w["candidate1"])
    assert "Niet tillen" in client.get(f"/trajecten/{t.id}/intake").get_data(as_text=True)
    switch_to(w["advisor2"])
    assert client.get(f"/trajecten/{t.id}/intake").status_code == 404
    switch_to(w["employer1"])
    assert client.get(f"/trajecten/{t.id}/intake").status_code == 404


def test_a_stale_intake_save_is_refused_and_keeps_what_was_typed(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["advisor1"])
    _intake(client, t, wishes="Kantoor")
    _intake(client, t, version=1, wishes="Buiten")  # someone else saved version 2
    response = _intake(client, t, version=1, wishes="Zorg")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in html and "Zorg" in html
    assert casework.intake_for(t).wishes == "Buiten"


def test_milestone_corrections_keep_the_earlier_date(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["advisor1"])
    first = (t.first_sick_day.replace(day=1)).isoformat()
    assert client.post(f"/trajecten/{t.id}/mijlpalen",
                       data={"code": "sick_report", "done_on": first, "note": "Eerste"}).status_code == 302
    record = db.session.scalar(select(MilestoneRecord).where(MilestoneRecord.trajectory_id == t.id))
    assert record.versions == []
    response = client.post(f"/mijlpalen/{record.id}",
                           data={"code": "sick_report", "done_on": "2026-01-02", "note": "Verbeterd", "version": "1"})
    assert response.status_code == 302
    db.session.refresh(record)
    assert record.done_on == date(2026, 1, 2)
    assert [(v.done_on.isoformat(), v.note) for v in record.versions] == [(first, "Eerste")]
    page = client.get(f"/mijlpalen/{record.id}").get_data(as_text=True)
    assert "Geschiedenis" in page and "Eerste" in page
    # Recording the same step again from the list is a correction too.
    client.post(f"/trajecten/{t.id}/mijlpalen", data={"code": "sick_report", "done_on": "2026-01-03", "note": ""})
    db.session.refresh(record)
    assert [v.note for v in record.versions] == ["Verbeterd", "Eerste"]
    switch_to(w["advisor2"])
    assert client.get(f"/mijlpalen/{record.id}").status_code == 404


def test_search_profile_edits_keep_versions(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["candidate1"])
    url = f"/trajecten/{t.id}/zoekprofiel"
    data = {"desired_roles": "receptionist", "postcode": "3511 ab", "max_distance_km": "25",
            "education_level": "mbo", "sectors": ["zorg"], "limitations": "geen nachtdiensten"}
    assert client.post(url, data=data).status_code == 302
    profile = db.session.scalar(select(SearchProfile))
    assert client.post(url, data={**data, "version": "1"}).status_code == 302  # same again: no version
    db.session.refresh(profile)
    assert profile.versions == []
    current = str(profile.version)  # saving unchanged still counts as reviewing it (updated_at)
    assert client.post(url, data={**data, "version": current, "desired_roles": "planner"}).status_code == 302
    db.session.refresh(profile)
    assert profile.desired_roles == "planner"
    assert [(v.desired_roles, v.postcode, v.sectors) for v in profile.versions] == [("receptionist", "3511AB", "zorg")]
    page = client.get(url).get_data(as_text=True)
    assert "Geschiedenis" in page and "receptionist" in page and "Zorg" in page
    stale = client.post(url, data={**data, "version": current, "desired_roles": "kok"})
    assert stale.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in stale.get_data(as_text=True)
    switch_to(w["candidate2"])
    assert client.get(url).status_code == 404
