"""Invitation mails name the bureau, the advisor, the trajectory and what the person will do;
each role gets its own text and the employer's never carries health information."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.admin.invitations import PRIVACY, TASKS, send_invite
from portal.advisor.models import Note
from portal.auth.models import Role
from portal.employer_gate import medical_words
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.plan.models import Intake
from tests.factories import OrganisationFactory, PauseFactory, TrajectoryFactory, UserFactory

BUREAU = "Re-integratiebureau De Brug"


@pytest.fixture(autouse=True)
def _bureau(app):
    app.config["BUREAU_NAME"] = BUREAU


def _mail(address: str) -> OutboxMessage:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == address)
                             .order_by(OutboxMessage.id.desc()))


def _bodies(message: OutboxMessage) -> tuple[str, str]:
    return message.body_text, message.body_html


def _invite(app, user, inviter):
    with app.test_request_context():
        send_invite(user, inviter)
    db.session.commit()
    return _mail(user.email)


def test_the_employer_mail_names_bureau_employee_and_advisor_and_nothing_medical(app):
    org = OrganisationFactory(name="Bakkerij Jansen")
    advisor = UserFactory(advisor=True, name="Mark Jansen")
    t = TrajectoryFactory(employer=org, advisors=[advisor])
    PauseFactory(trajectory=t, reason="Opname in verband met burn-out en depressie")
    db.session.add(Intake(trajectory_id=t.id, intake_on=t.spoor2_start, capacity_limitations="Hernia: niet tillen",
                          situation="Herstelt van een hartinfarct"))
    db.session.add(Note(trajectory=t, author_id=advisor.id, visibility="internal", body="Slaapt slecht door medicatie"))
    closed = TrajectoryFactory(employer=org, status="closed")
    admin = UserFactory(admin=True, name="Bea Beheer")
    contact = UserFactory(employer=True, organisation=org)
    db.session.commit()

    message = _invite(app, contact, admin)
    assert BUREAU in message.subject
    for body in _bodies(message):
        assert BUREAU in body and "Bea Beheer" in body and "Bakkerij Jansen" in body
        assert t.candidate.name in body and t.reference in body and "Mark Jansen" in body
        assert closed.candidate.name not in body  # a finished trajectory is not what they will follow
        assert "activiteitenoverzicht" in body and "bevestigen" in body  # what they will do
        assert "nooit medische gegevens" in body
        # Asking for a new link names who to ask, not "your advisor".
        assert f"Vraag Mark Jansen ({BUREAU}) om een nieuwe uitnodiging" in body
        assert "je adviseur" not in body.lower()
        for secret in ("burn-out", "depressie", "Hernia", "hartinfarct", "medicatie", "Opname"):
            assert secret not in body
    # Apart from the promise itself, the gate finds nothing medical in the text.
    assert medical_words(message.body_text.replace(PRIVACY[Role.EMPLOYER], "")) == []


def test_the_candidate_mail_names_the_trajectory_and_the_advisor(app):
    advisor = UserFactory(advisor=True, name="Fatima El Amrani")
    t = TrajectoryFactory(advisors=[advisor])
    db.session.commit()
    text, html = _bodies(_invite(app, t.candidate, UserFactory(admin=True)))
    for body in (text, html):
        assert BUREAU in body and t.reference in body and t.employer.name in body
        assert "Je adviseur is Fatima El Amrani" in body
        assert "sollicitatiedagboek" in body and "werkopdrachten" in body
        assert f"Vraag Fatima El Amrani ({BUREAU})" in body


def test_each_role_reads_its_own_tasks(app):
    inviter = UserFactory(admin=True, name="Bea Beheer")
    advisor = UserFactory(advisor=True)
    t = TrajectoryFactory(advisors=[advisor])
    employer = UserFactory(employer=True, organisation=t.employer)
    db.session.commit()
    texts = {role: _invite(app, user, inviter).body_text
             for role, user in ((Role.CANDIDATE, t.candidate), (Role.ADVISOR, advisor), (Role.EMPLOYER, employer))}
    for role, text in texts.items():
        assert TASKS[role][0] in text
        assert all(TASKS[other][0] not in text for other in texts if other != role)
    assert "als adviseur van " + BUREAU in texts[Role.ADVISOR] and t.candidate.name in texts[Role.ADVISOR]
    assert "Vraag Bea Beheer" in texts[Role.ADVISOR]


def test_a_new_trajectory_invites_its_candidate_once_the_trajectory_exists(client, login_as):
    login_as(UserFactory(admin=True))
    advisor, employer = UserFactory(advisor=True, name="Joost van den Berg"), OrganisationFactory()
    db.session.commit()
    response = client.post("/beheer/trajecten/nieuw", data={
        "candidate_id": 0, "new_candidate_name": "Nieuwe Kandidaat", "new_candidate_email": "nieuw@example.nl",
        "employer_id": employer.id, "advisor_ids": [advisor.id],
        "first_sick_day": "2025-01-06", "spoor2_start": "2026-01-05", "weekly_target": "2",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "nieuw@example.nl")).all()
    assert len(mails) == 1
    assert "Je adviseur is Joost van den Berg" in mails[0].body_text and employer.name in mails[0].body_text


def test_without_a_trajectory_yet_the_mail_names_who_invited(app):
    inviter = UserFactory(advisor=True, name="Mark Jansen")
    candidate = UserFactory(candidate=True)
    db.session.commit()
    text = _invite(app, candidate, inviter).body_text
    assert f"Vraag Mark Jansen ({BUREAU}) om een nieuwe uitnodiging" in text
    assert f"{BUREAU} zet je traject in het portaal klaar" in text


def test_without_a_configured_bureau_the_mail_still_reads_well(app):
    app.config["BUREAU_NAME"] = ""
    message = _invite(app, UserFactory(candidate=True), UserFactory(admin=True, name="Bea Beheer"))
    assert "Het re-integratiebureau zet je traject in het portaal klaar" in message.body_text
    assert "Vraag Bea Beheer (het re-integratiebureau)" in message.body_text
    assert "None" not in message.body_text and "None" not in message.subject


def test_the_invite_page_says_what_the_mail_will_name(client, login_as):
    login_as(UserFactory(admin=True))
    page = client.get("/beheer/uitnodigen").get_data(as_text=True)
    assert f"De e-mail noemt {BUREAU}" in page and "TS_BUREAU_NAME" not in page
