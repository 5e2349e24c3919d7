"""An admin corrects employers and accounts, and creates a trajectory in one guided go."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.admin.services import organisation_key
from portal.audit.models import AuditEvent
from portal.auth.models import AccountToken, Organisation, TokenPurpose, User
from portal.domain.timeline import trajectory_date_problems, waiting_period_end
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.trajectory.models import Trajectory
from tests.factories import OrganisationFactory, TrajectoryFactory, UserFactory


def _events() -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("a, b", [
    ("Bakkerij De Graaf B.V.", "bakkerij de graaf b.v."),
    ("Bakkerij De Graaf B.V.", "Bakkerij  de Graaf"),
    ("Van Dijk Logistiek BV", "van dijk logistiek"),
    ("Zorggroep 't Rivierenland", "Zorggroep t Rivierenland"),
    ("Café Één", "cafe een"),
])
def test_employer_names_that_differ_in_case_punctuation_or_legal_form_are_the_same(a, b):
    assert organisation_key(a) == organisation_key(b)


def test_different_employers_stay_different():
    assert organisation_key("Bakkerij De Graaf") != organisation_key("Bakkerij De Groot")
    assert organisation_key("B.V. Holding") == organisation_key("bv holding")  # nothing but legal forms: kept


def test_a_duplicate_employer_is_refused_by_name_or_kvk(client, login_as):
    OrganisationFactory(name="Bakkerij De Graaf B.V.", kvk_number="12345678")
    login_as(UserFactory(admin=True))
    html = client.post("/beheer/werkgevers", data={"name": "bakkerij de graaf b.v.", "city": "Tiel"}).get_data(as_text=True)
    assert "Deze werkgever bestaat al: Bakkerij De Graaf B.V." in html and 'value="bakkerij de graaf b.v."' in html
    html = client.post("/beheer/werkgevers", data={"name": "De Graaf Brood", "kvk_number": "12345678"}).get_data(as_text=True)
    assert "Het KvK-nummer 12345678 hoort al bij Bakkerij De Graaf B.V." in html
    html = client.post("/beheer/werkgevers", data={"name": "Nieuw", "kvk_number": "12ab"}).get_data(as_text=True)
    assert "Een KvK-nummer bestaat uit 8 cijfers." in html
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    assert client.post("/beheer/werkgevers", data={"name": "De Graaf Brood", "kvk_number": "87654321"}).status_code == 302


def test_an_employer_is_corrected_and_the_correction_audited(client, login_as):
    employer = OrganisationFactory(name="Bakkerij De Graff", city="Tiel")
    other = OrganisationFactory(name="Zorgwaard")
    login_as(UserFactory(admin=True))
    assert "Bakkerij De Graff" in client.get(f"/beheer/werkgevers/{employer.id}").get_data(as_text=True)
    # Renaming into another employer's name is a duplicate; keeping its own name is not.
    html = client.post(f"/beheer/werkgevers/{employer.id}", data={"name": "zorgwaard", "city": "Tiel"}).get_data(as_text=True)
    assert "Deze werkgever bestaat al: Zorgwaard" in html
    response = client.post(f"/beheer/werkgevers/{employer.id}",
                           data={"name": "Bakkerij De Graaf", "city": "Tiel", "kvk_number": "12345678"})
    assert response.status_code == 302
    db.session.refresh(employer)
    assert (employer.name, employer.kvk_number) == ("Bakkerij De Graaf", "12345678")
    detail = _events()[-1].detail
    assert "Bakkerij De Graff -> Bakkerij De Graaf" in detail and "12345678" in detail and "Tiel -> " not in detail
    assert other.name == "Zorgwaard"
    assert client.get("/beheer/werkgevers/999999").status_code == 404


def test_a_users_name_is_corrected_and_a_new_address_waits_for_its_owner(client, login_as, app):
    candidate = UserFactory(name="Sane de Vries", email="sanne@example.nl")
    login_as(UserFactory(admin=True))
    response = client.post(f"/beheer/gebruikers/{candidate.id}",
                           data={"name": "Sanne de Vries", "email": "Sanne.Nieuw@example.nl", "role": "candidate"})
    assert response.status_code == 302
    db.session.refresh(candidate)
    assert candidate.name == "Sanne de Vries" and candidate.email == "sanne@example.nl"  # not yet
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "sanne.nieuw@example.nl"))
    assert mail is not None and "Bevestig" in mail.subject
    event = _events()[-1]
    assert event.candidate_id == candidate.id and "Sane de Vries -> Sanne de Vries" in event.detail
    assert "sanne.nieuw@example.nl" in event.detail
    token = mail.body_text.split("/account/e-mailadres/")[1].split()[0]
    client.post("/uitloggen")
    assert "sanne.nieuw@example.nl" in client.get(f"/account/e-mailadres/{token}").get_data(as_text=True)
    assert client.post(f"/account/e-mailadres/{token}").status_code == 302
    db.session.refresh(candidate)
    assert candidate.email == "sanne.nieuw@example.nl"
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "sanne@example.nl",
                                                         OutboxMessage.subject.like("%gewijzigd%"))) is not None
    assert client.post(f"/account/e-mailadres/{token}").status_code == 404  # single use
    assert client.get("/account/e-mailadres/nonsense").status_code == 404


def test_an_address_taken_meanwhile_is_not_given_away(client, login_as):
    user = UserFactory(email="a@example.nl")
    login_as(UserFactory(admin=True))
    client.post(f"/beheer/gebruikers/{user.id}", data={"name": user.name, "email": "b@example.nl", "role": "candidate"})
    token_row = db.session.scalar(select(AccountToken).where(AccountToken.purpose == TokenPurpose.EMAIL_CHANGE))
    assert token_row.new_email == "b@example.nl"
    UserFactory(email="b@example.nl")
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "b@example.nl"))
    token = mail.body_text.split("/account/e-mailadres/")[1].split()[0]
    html = client.post(f"/account/e-mailadres/{token}").get_data(as_text=True)
    assert "intussen in gebruik" in html
    db.session.refresh(user)
    assert user.email == "a@example.nl"


def test_edit_user_refuses_a_taken_address_and_an_orphaning_role_change(client, login_as):
    trajectory = TrajectoryFactory()
    advisor = trajectory.advisors[0] if trajectory.advisors else UserFactory(advisor=True)
    UserFactory(email="bezet@example.nl")
    login_as(UserFactory(admin=True))
    candidate = trajectory.candidate
    html = client.post(f"/beheer/gebruikers/{candidate.id}",
                       data={"name": candidate.name, "email": "bezet@example.nl", "role": "advisor"}).get_data(as_text=True)
    assert "al in gebruik" in html and "heeft een traject" in html
    db.session.refresh(candidate)
    assert candidate.role == "candidate"
    if trajectory.advisors:
        html = client.post(f"/beheer/gebruikers/{advisor.id}",
                           data={"name": advisor.name, "email": advisor.email, "role": "candidate"}).get_data(as_text=True)
        assert "begeleidt trajecten" in html


@pytest.mark.parametrize("who", ["candidate", "advisor", "employer"])
def test_only_admins_correct_employers_and_accounts(client, login_as, who):
    employer, target = OrganisationFactory(), UserFactory()
    user = UserFactory(**({"advisor": True} if who == "advisor" else
                          {"role": "employer", "organisation": employer} if who == "employer" else {}))
    login_as(user)
    for path in (f"/beheer/werkgevers/{employer.id}", f"/beheer/gebruikers/{target.id}"):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"name": "Overgenomen", "email": "x@example.nl", "role": "admin"}).status_code == 404
    db.session.refresh(target)
    assert target.role == "candidate" and target.name != "Overgenomen"


# --- trajectory dates against the Poortwachter calendar ---------------------------------

FSD = date(2025, 1, 6)
TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("first_sick_day, spoor2_start, planned_end, field, text", [
    (TODAY + timedelta(days=1), TODAY + timedelta(days=10), None, "first_sick_day", "toekomst"),
    (FSD, FSD - timedelta(days=1), None, "spoor2_start", "vóór de eerste ziektedag"),
    (FSD, waiting_period_end(FSD) + timedelta(days=1), None, "spoor2_start", "einde van de wachttijd"),
    (FSD, FSD + timedelta(weeks=52 * 3), None, "spoor2_start", "ziekteweek 157"),
    (FSD, date(2026, 1, 5), date(2026, 1, 5), "planned_end", "na de start"),
    (FSD, date(2026, 1, 5), waiting_period_end(FSD) + timedelta(weeks=53), "planned_end", "langste loonsanctie"),
])
def test_every_impossible_date_combination_is_refused(first_sick_day, spoor2_start, planned_end, field, text):
    problems = [p for p in trajectory_date_problems(first_sick_day, spoor2_start, planned_end, TODAY) if not p.warning]
    assert [p.field for p in problems] == [field] and text in problems[0].message


def test_a_late_start_is_a_warning_and_a_timely_one_is_fine():
    late = trajectory_date_problems(FSD, FSD + timedelta(weeks=70), None, TODAY)
    assert [(p.field, p.warning) for p in late] == [("spoor2_start", True)]
    assert trajectory_date_problems(FSD, date(2026, 1, 5), None, TODAY) == []


def _form(**values) -> dict:
    data = {"employer_id": "0", "candidate_id": "0", "first_sick_day": "2025-01-06", "spoor2_start": "2026-01-05",
            "weekly_target": "2"}
    data.update(values)
    return data


def test_a_trajectory_after_week_104_is_refused_on_the_form_keeping_the_input(client, login_as):
    login_as(UserFactory(admin=True))
    candidate, advisor, employer = UserFactory(), UserFactory(advisor=True), OrganisationFactory()
    html = client.post("/beheer/trajecten/nieuw", data=_form(
        employer_id=employer.id, candidate_id=candidate.id, advisor_ids=[advisor.id],
        spoor2_start="2027-12-06")).get_data(as_text=True)
    assert 'id="spoor2_start-error"' in html and "einde van de wachttijd" in html and 'value="2027-12-06"' in html
    assert db.session.scalar(select(func.count(Trajectory.id))) == 0


def test_a_late_start_needs_its_reason_and_keeps_it(client, login_as):
    login_as(UserFactory(admin=True))
    candidate, advisor, employer = UserFactory(), UserFactory(advisor=True), OrganisationFactory()
    data = _form(employer_id=employer.id, candidate_id=candidate.id, advisor_ids=[advisor.id], spoor2_start="2026-05-04")
    html = client.post("/beheer/trajecten/nieuw", data=data).get_data(as_text=True)
    assert 'id="late_start_reason-error"' in html and "Leg hieronder uit waarom" in html
    data["late_start_reason"] = "Eerst volledig herstel in eigen werk geprobeerd (arbeidsdeskundig advies)."
    assert client.post("/beheer/trajecten/nieuw", data=data).status_code == 302
    trajectory = db.session.scalar(select(Trajectory))
    assert trajectory.late_start_reason.startswith("Eerst volledig herstel")


def test_only_candidates_without_an_open_trajectory_are_offered(client, login_as):
    busy = TrajectoryFactory().candidate
    free = UserFactory(name="Vrije Kandidaat")
    login_as(UserFactory(admin=True))
    html = client.get("/beheer/trajecten/nieuw").get_data(as_text=True)
    assert free.email in html and busy.email not in html


def test_inviting_a_candidate_leads_to_the_trajectory_with_the_candidate_chosen(client, login_as):
    login_as(UserFactory(admin=True))
    response = client.post("/beheer/uitnodigen", data={"email": "nieuw@example.nl", "name": "Nieuwe Kandidaat",
                                                       "role": "candidate", "organisation_id": "0"})
    new = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/beheer/trajecten/nieuw?kandidaat={new.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<option selected value="{new.id}">' in html or f'value="{new.id}" selected' in html
    assert "Volgende stap" in html


def test_one_go_new_employer_and_new_candidate(client, login_as):
    OrganisationFactory(name="Bakkerij De Graaf B.V.")
    login_as(UserFactory(admin=True))
    advisor = UserFactory(advisor=True)
    data = _form(new_employer_name="bakkerij de graaf", new_candidate_name="Nina Jansen",
                 new_candidate_email="nina@example.nl", advisor_ids=[advisor.id])
    html = client.post("/beheer/trajecten/nieuw", data=data).get_data(as_text=True)
    assert "Deze werkgever bestaat al: Bakkerij De Graaf B.V." in html and 'value="nina@example.nl"' in html
    data["new_employer_name"] = "Kwekerij Het Groene Veld"
    assert client.post("/beheer/trajecten/nieuw", data=data).status_code == 302
    trajectory = db.session.scalar(select(Trajectory))
    assert trajectory.employer.name == "Kwekerij Het Groene Veld"
    assert trajectory.candidate.email == "nina@example.nl" and trajectory.candidate.password_hash is None
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "nina@example.nl")) is not None


def test_the_form_says_what_is_missing(client, login_as):
    login_as(UserFactory(admin=True))
    html = client.post("/beheer/trajecten/nieuw", data=_form(new_candidate_email="zonder-naam@example.nl")).get_data(as_text=True)
    assert "Kies een werkgever of vul de naam van een nieuwe werkgever in." in html
    assert "Vul de naam van de nieuwe kandidaat in." in html
    assert "Kies minstens één adviseur." in html
