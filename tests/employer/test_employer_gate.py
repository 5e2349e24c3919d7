"""Every employer-visible free text passes the employer gate: medical text is stopped, work text
passes, a confirmed override is audited (portal/employer_gate.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan import casework
from tests.factories import world
from tests.plan.factories import publish

MEDICAL = "Ze heeft weer last van haar hernia en slikt pijnstillers"
WORK = "Ze heeft drie sollicitaties verstuurd en een gesprek gehad"
REASON = "Hernia is hier de naam van een bedrijf, geen aandoening"


@dataclass
class Case:
    who: str  # key in world()
    url: str
    data: dict
    field: str  # the form field that carries the text
    page: str  # where the employer reads it


def _note(w):
    t = w["t1"]
    return Case("advisor1", f"/adviseur/trajecten/{t.id}/notities/nieuw", {"visibility": "employer"}, "body", "/werkgever")


def _summary(w):
    t = w["t1"]
    return Case("advisor1", f"/trajecten/{t.id}/overzicht/samenvatting", {"share": "y"}, "text",
                f"/trajecten/{t.id}/overzicht")


def _plan_data(t):
    return {"weekly_target": "2", "effective_from": t.spoor2_start.isoformat(), "goals": "Werk als planner"}


def _goals(w):
    t = w["t1"]
    return Case("advisor1", f"/trajecten/{t.id}/plan/nieuw", _plan_data(t), "goals", f"/trajecten/{t.id}/plan")


def _activity(w):
    t = w["t1"]
    data = {**_plan_data(t), "activities-0-quantity": "1", "activities-0-frequency": "week"}
    return Case("advisor1", f"/trajecten/{t.id}/plan/nieuw", data, "activities-0-description", f"/trajecten/{t.id}/plan")


def _revision(w):
    t = w["t1"]
    publish(t, author=w["advisor1"])
    later = (Week.of(date.today()).monday + timedelta(days=7)).isoformat()
    data = {"weekly_target": "3", "effective_from": later, "goals": "Werk als planner", "change_summary": "Doel naar 3"}
    return Case("advisor1", f"/trajecten/{t.id}/plan/nieuw", data, "change_reason", f"/trajecten/{t.id}/plan")


def _target_reason(w):
    t = w["t1"]
    publish(t, author=w["advisor1"])
    data = {"weekly_target": "3", "effective_from": (Week.of(date.today()).monday + timedelta(days=7)).isoformat()}
    return Case("advisor1", f"/adviseur/trajecten/{t.id}/doel", data, "reason", f"/trajecten/{t.id}/plan")


def _view(w):
    t = w["t1"]
    publish(t, author=w["advisor1"])
    return Case("employer1", f"/trajecten/{t.id}/plan/versies/1/zienswijze", {}, "body", f"/trajecten/{t.id}/plan")


def _phase(w):
    t = w["t1"]
    return Case("advisor1", f"/trajecten/{t.id}/fase", {"phase": "job_hunting", "started_on": date.today().isoformat()},
                "note", f"/trajecten/{t.id}/plan")


def _placement(w):
    t = w["t1"]
    data = {"organisation": "Gemeente Tiel", "role": "Planner", "hours_per_week": "24",
            "start_on": date.today().isoformat(), "kind": "trial_placement"}
    return Case("advisor1", f"/trajecten/{t.id}/plaatsing", data, "notes", f"/trajecten/{t.id}/plan")


def _checkin(w):
    t = w["t1"]
    placement = casework.record_placement(t, w["advisor1"], organisation="Gemeente Tiel", role="Planner",
                                          hours_per_week=24, start_on=date.today(), kind="trial_placement")
    db.session.flush()
    checkin = placement.checkins[0]
    return Case("advisor1", f"/trajecten/{t.id}/nazorg/{checkin.id}",
                {"held_on": date.today().isoformat(), "agreements": "Over twee maanden weer"}, "how_it_goes",
                f"/trajecten/{t.id}/plan")


def _close(w):
    t = w["t1"]
    return Case("advisor1", f"/trajecten/{t.id}/afsluiten",
                {"evaluated_on": date.today().isoformat(), "outcome": "trial_or_training"}, "summary",
                f"/trajecten/{t.id}/plan")


CASES = {"note": _note, "summary": _summary, "plan_goals": _goals, "plan_activity": _activity,
         "plan_change_reason": _revision, "target_reason": _target_reason, "plan_view": _view,
         "phase_note": _phase, "placement_notes": _placement, "checkin": _checkin, "final_evaluation": _close}


def _setup(name, login_as):
    w = world()
    case = CASES[name](w)
    db.session.commit()
    login_as(w[case.who])
    return w, case


def _employer_page(client, login_as, w, case) -> str:
    login_as(w["employer1"])
    return client.get(case.page).get_data(as_text=True)


@pytest.mark.parametrize("name", CASES)
def test_medical_text_is_stopped_with_the_words_marked(client, login_as, name):
    w, case = _setup(name, login_as)
    response = client.post(case.url, data={**case.data, case.field: MEDICAL})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "lijkt medische informatie te bevatten (hernia, pijnstillers)" in html
    assert "<mark>hernia</mark>" in html and "<mark>pijnstillers</mark>" in html
    assert MEDICAL in html  # the typed text is kept in the form
    assert 'name="gate_confirm"' in html and 'name="gate_reason"' in html
    assert MEDICAL not in _employer_page(client, login_as, w, case)


@pytest.mark.parametrize("name", CASES)
def test_work_text_passes_and_the_employer_reads_it(client, login_as, name):
    w, case = _setup(name, login_as)
    response = client.post(case.url, data={**case.data, case.field: WORK})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert WORK in _employer_page(client, login_as, w, case)


@pytest.mark.parametrize("name", CASES)
def test_confirmed_override_is_saved_and_audited(client, login_as, name):
    w, case = _setup(name, login_as)
    data = {**case.data, case.field: MEDICAL, "gate_confirm": "1"}
    short = client.post(case.url, data={**data, "gate_reason": "nee"})
    assert short.status_code == 200 and "Geef een reden" in short.get_data(as_text=True)
    assert client.post(case.url, data={**data, "gate_reason": REASON}).status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "override")).one()
    assert event.trajectory_id == w["t1"].id and event.actor_id == w[case.who].id
    assert "hernia" in event.detail and REASON in event.detail
    assert MEDICAL in _employer_page(client, login_as, w, case)


def test_an_internal_note_is_not_checked(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/notities/nieuw"
    assert client.post(url, data={"visibility": "internal", "body": MEDICAL}).status_code == 302
    assert client.post(url, data={"visibility": "candidate", "body": MEDICAL}).status_code == 302


def test_editing_a_note_to_share_it_with_the_employer_is_checked(client, login_as):
    from portal.advisor.services import add_note

    w = world()
    note = add_note(w["t1"], w["advisor1"], MEDICAL, "internal")
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/adviseur/notities/{note.id}", data={"visibility": "employer", "body": MEDICAL})
    assert response.status_code == 200 and "<mark>hernia</mark>" in response.get_data(as_text=True)
    assert db.session.get(type(note), note.id).visibility == "internal"


def test_sharing_an_older_medical_summary_goes_back_to_the_form(client, login_as):
    from portal.reports.models import OverviewSummary

    w = world()
    summary = OverviewSummary(trajectory_id=w["t1"].id, author_id=w["advisor1"].id, text=MEDICAL)
    db.session.add(summary)
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/samenvattingen/{summary.id}/delen")
    assert response.status_code == 200 and "<mark>hernia</mark>" in response.get_data(as_text=True)
    assert db.session.get(OverviewSummary, summary.id).shared_at is None


def test_the_notice_stands_only_where_the_employer_reads_the_text(client, login_as):
    w = world()
    t = w["t1"]
    publish(t, author=w["advisor1"])
    db.session.commit()
    login_as(w["advisor1"])
    notice = "de werkgever kan deze tekst lezen"
    note_form = client.get(f"/adviseur/trajecten/{t.id}/notities/nieuw").get_data(as_text=True)
    assert 'data-when="visibility=employer"' in note_form and notice in note_form  # follows the radio
    for url in (f"/trajecten/{t.id}/overzicht", f"/trajecten/{t.id}/plan/nieuw", f"/trajecten/{t.id}/plaatsing"):
        assert notice in client.get(url).get_data(as_text=True), url
    for url in (f"/trajecten/{t.id}/pauzes", f"/adviseur/trajecten/{t.id}/afspraken/nieuw",
                f"/trajecten/{t.id}/zoekprofiel"):
        page = client.get(url)
        assert page.status_code == 200 and notice not in page.get_data(as_text=True), url
