"""What people do on the plan pages: write, revise, confirm, move on, place, close; and privacy."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.plan import casework, services
from portal.plan.models import Party, PlanVersion, PreIntake
from portal.trajectory.models import TrajectoryStatus
from tests.factories import world
from tests.plan.factories import IntakeFactory, publish


def test_advisor_writes_a_plan_then_a_revision_and_parties_confirm(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["advisor1"])
    page = client.get(f"/trajecten/{t.id}/plan/nieuw").get_data(as_text=True)
    assert "Een sterk cv" in page  # module choices from the content front matter
    response = client.post(f"/trajecten/{t.id}/plan/nieuw", data={
        "goals": "Werk als planner", "weekly_target": "2", "effective_from": t.spoor2_start.isoformat(),
        "activities-0-quantity": "1", "activities-0-description": "netwerkgesprek", "activities-0-frequency": "month",
        "activities-1-module_slug": "cv", "activities-1-frequency": "total",
        "phases-0-start_on": t.spoor2_start.isoformat(),
    })
    assert response.status_code == 302
    v1 = db.session.query(PlanVersion).filter_by(trajectory_id=t.id).one()
    assert [services.activity_label(a) for a in v1.activities] == [
        "1 netwerkgesprek per maand", "Module afronden: Een sterk cv"]
    assert [p.phase for p in v1.phases] == ["orientation"]

    # A revision without what/why re-renders with the message and keeps the input.
    later = (t.spoor2_start + timedelta(weeks=3)).isoformat()
    response = client.post(f"/trajecten/{t.id}/plan/nieuw", data={
        "goals": "Werk als planner", "weekly_target": "3", "effective_from": later})
    assert response.status_code == 200
    assert "wat er verandert en waarom" in response.get_data(as_text=True)
    client.post(f"/trajecten/{t.id}/plan/nieuw", data={
        "goals": "Werk als planner of administratief medewerker", "weekly_target": "3", "effective_from": later,
        "change_summary": "Doel van 2 naar 3", "change_reason": "Cv is klaar"})
    assert t.weekly_target == 3

    page = client.get(f"/trajecten/{t.id}/plan").get_data(as_text=True)
    assert "Versie 2" in page and "Doel van 2 naar 3" in page and "<ins>3</ins>" in page

    switch_to(w["candidate1"])
    assert "wacht op je bevestiging" in client.get("/home").get_data(as_text=True)
    assert client.post(f"/trajecten/{t.id}/plan/versies/2/bevestigen").status_code == 302
    assert "wacht op je bevestiging" not in client.get("/home").get_data(as_text=True)
    switch_to(w["employer1"])
    assert "versie 2 van het plan van aanpak wacht op je bevestiging" in client.get("/home").get_data(as_text=True)
    client.post(f"/trajecten/{t.id}/plan/versies/2/zienswijze", data={"body": "Eens, graag maandelijks bijpraten."})
    client.post(f"/trajecten/{t.id}/plan/versies/2/bevestigen")
    v2 = services.latest_version(t)
    assert {c.party for c in v2.confirmations} == {Party.CANDIDATE, Party.EMPLOYER}
    assert v2.views[0].body.startswith("Eens")
    assert "wacht op je bevestiging" not in client.get("/home").get_data(as_text=True)
    # An older version cannot be confirmed any more.
    client.post(f"/trajecten/{t.id}/plan/versies/1/bevestigen")
    assert services.version_by_number(t, 1).confirmation_by(Party.EMPLOYER) is None


def test_empty_view_re_renders_with_an_error(client, switch_to):
    w = world()
    publish(w["t1"], 2)
    db.session.commit()
    switch_to(w["candidate1"])
    response = client.post(f"/trajecten/{w['t1'].id}/plan/versies/1/zienswijze", data={"body": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in response.get_data(as_text=True)


def test_employer_sees_plan_and_phases_but_none_of_the_intake(client, switch_to):
    w = world()
    t = w["t1"]
    IntakeFactory(trajectory=t)
    db.session.add(PreIntake(trajectory_id=t.id, about_me="GEHEIM-VRAGENLIJST over mij"))
    publish(t, 2, goals="ZICHTBAAR-DOEL werk als planner")
    services.change_phase(t, "orientation", t.spoor2_start, w["advisor1"])
    db.session.commit()
    switch_to(w["employer1"])
    pages = [client.get(f"/trajecten/{t.id}/plan"), client.get(f"/trajecten/{t.id}/plan/versies/1"), client.get("/home")]
    for response in pages:
        assert response.status_code == 200
        assert "GEHEIM" not in response.get_data(as_text=True)
    plan_page = pages[0].get_data(as_text=True)
    assert "ZICHTBAAR-DOEL" in plan_page and "Oriëntatie" in plan_page
    assert f"/trajecten/{t.id}/intake" not in plan_page
    assert client.get(f"/trajecten/{t.id}/intake").status_code == 404

    switch_to(w["advisor1"])
    intake_page = client.get(f"/trajecten/{t.id}/intake").get_data(as_text=True)
    assert "GEHEIM-SITUATIE" in intake_page


def test_candidate_fills_the_pre_intake_and_the_advisor_reads_it(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["candidate1"])
    assert "Vragenlijst invullen" in client.get("/home").get_data(as_text=True)
    client.post(f"/trajecten/{t.id}/vragenlijst", data={"about_me": "Ik zoek kantoorwerk", "save": "1"})
    assert casework.pre_intake_for(t).submitted_at is None
    client.post(f"/trajecten/{t.id}/vragenlijst", data={
        "about_me": "Ik zoek kantoorwerk", "questions": "Hoe vertel ik over mijn verzuim?", "send": "1"})
    pre = casework.pre_intake_for(t)
    assert pre.submitted_at is not None and pre.questions.startswith("Hoe")
    assert "Vragenlijst invullen" not in client.get("/home").get_data(as_text=True)

    switch_to(w["advisor1"])
    page = client.get(f"/trajecten/{t.id}/intake").get_data(as_text=True)
    assert "Ik zoek kantoorwerk" in page and "Hoe vertel ik over mijn verzuim?" in page
    response = client.post(f"/trajecten/{t.id}/intake", data={
        "intake_on": date.today().isoformat(), "situation": "Wil ander werk", "capacity_limitations": "Niet tillen",
        "labour_expert_report_on": "niet-een-datum"})
    assert response.status_code == 200 and "Niet tillen" in response.get_data(as_text=True)
    client.post(f"/trajecten/{t.id}/intake", data={
        "intake_on": date.today().isoformat(), "situation": "Wil ander werk", "job_directions": "Planner"})
    intake = casework.intake_for(t)
    assert intake.job_directions == "Planner" and intake.updated_by == w["advisor1"]


def test_advisor_moves_phase_places_records_aftercare_and_closes(client, switch_to):
    w = world()
    t = w["t1"]
    db.session.commit()
    switch_to(w["advisor1"])
    today = date.today()
    client.post(f"/trajecten/{t.id}/fase", data={"phase": "job_hunting", "started_on": today.isoformat()})
    assert services.current_phase(t).code == "job_hunting"
    response = client.post(f"/trajecten/{t.id}/fase", data={"phase": "orientation",
                                                             "started_on": (today - timedelta(days=9)).isoformat()})
    assert response.status_code == 200 and "vóór de huidige fase" in response.get_data(as_text=True)

    response = client.post(f"/trajecten/{t.id}/plaatsing", data={"organisation": "", "role": "Planner"})
    assert response.status_code == 200 and "Dit veld is verplicht." in response.get_data(as_text=True)
    client.post(f"/trajecten/{t.id}/plaatsing", data={
        "organisation": "Gemeente Tiel", "role": "Planner", "hours_per_week": "24",
        "start_on": today.isoformat(), "kind": "trial_placement"})
    assert t.status == TrajectoryStatus.PLACED
    placement = casework.placements_for(t)[0]
    assert placement.kind_label == "Proefplaatsing" and len(placement.checkins) == 2
    checkin = placement.checkins[0]
    client.post(f"/trajecten/{t.id}/nazorg/{checkin.id}", data={
        "held_on": today.isoformat(), "how_it_goes": "Gaat prima", "agreements": "Over 2 maanden weer"})
    assert checkin.held_on == today
    page = client.get(f"/trajecten/{t.id}/plan").get_data(as_text=True)
    assert "Gaat prima" in page and "Gemeente Tiel" in page

    client.post(f"/trajecten/{t.id}/afsluiten", data={
        "evaluated_on": today.isoformat(), "outcome": "trial_or_training", "summary": "Proefplaatsing loopt goed."})
    assert t.status == TrajectoryStatus.CLOSED and t.closed_on == today
    assert client.get(f"/trajecten/{t.id}/afsluiten").status_code == 302


def test_bad_input_never_breaks(client, switch_to):
    w = world()
    db.session.commit()
    switch_to(w["advisor1"])
    t = w["t1"].id
    for data in ({"weekly_target": "veel", "effective_from": "gisteren"},
                 {"activities-0-quantity": "-4", "activities-0-module_slug": "bestaat-niet"},
                 {"phases-0-start_on": "2026-05-01", "phases-0-end_on": "2026-04-01"}):
        assert client.post(f"/trajecten/{t}/plan/nieuw", data=data).status_code == 200
    assert client.post(f"/trajecten/{t}/fase", data={"phase": "nonsense", "started_on": "x"}).status_code == 200
    assert client.post(f"/trajecten/{t}/afsluiten", data={"outcome": "x"}).status_code == 200


def test_every_plan_text_the_employer_reads_warns_against_medical_detail(client, switch_to):
    """The plan is shared with the employer: goals, reasons and each activity carry the warning."""
    import re

    w = world()
    db.session.commit()
    switch_to(w["advisor1"])
    page = client.get(f"/trajecten/{w['t1'].id}/plan/nieuw").get_data(as_text=True)
    texts = re.findall(r'<(?:textarea|input)\b[^>]*\bid="([^"]+)"[^>]*>', page)
    free_text = [i for i in texts if i in ("goals", "change_summary", "change_reason") or i.endswith("-description")]
    assert any(i.endswith("-description") for i in free_text)
    for field_id in free_text:
        assert f'id="{field_id}-medical"' in page, field_id
