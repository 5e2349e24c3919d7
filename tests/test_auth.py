"""Login, logout, lockout, sessions, invitations and password reset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth.models import AccountToken, Role, User
from portal.auth.services import attempt_login, is_safe_next
from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, world


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_lands_on_its_home(client, auth, role):
    user = UserFactory(role=role, organisation=OrganisationFactory() if role == "employer" else None)
    db.session.commit()
    response = auth.login(user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/home")
    page = client.get("/home").get_data(as_text=True)
    assert f"Welkom, {user.first_name}" in page
    assert Role(role).label in page


def test_wrong_password_rerenders_with_dutch_error_and_keeps_email(client, auth):
    user = UserFactory()
    db.session.commit()
    response = auth.login(user.email, "wrong-password-123")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "horen niet bij elkaar" in page
    assert f'value="{user.email}"' in page


def test_unknown_email_gets_the_same_message(client, auth):
    response = auth.login("nobody@example.nl", "whatever-password")
    assert "horen niet bij elkaar" in response.get_data(as_text=True)


def test_email_is_case_insensitive(client, auth):
    UserFactory(email="sanne@example.nl")
    assert auth.login("  Sanne@Example.NL ").status_code == 302


def test_failed_logins_slow_down_then_lock(app):
    user = UserFactory()
    db.session.commit()
    now = utcnow()
    slow_after = app.config["LOGIN_SLOWDOWN_AFTER"]
    for i in range(slow_after):
        assert attempt_login(user.email, "wrong", now=now + timedelta(minutes=i)).error
    # Now a retry straight away is refused without even checking the password...
    result = attempt_login(user.email, PASSWORD, now=now + timedelta(minutes=slow_after - 1))
    assert result.user is None and result.wait_seconds > 0
    # ...but after the wait the right password works again.
    later = now + timedelta(minutes=slow_after + 5)
    assert attempt_login(user.email, PASSWORD, now=later).user == user
    assert user.failed_logins == 0


def test_account_locks_after_many_failures_and_unlocks_later(app):
    user = UserFactory()
    db.session.commit()
    start = utcnow()
    for i in range(app.config["LOGIN_LOCK_AFTER"]):
        attempt_login(user.email, "wrong", now=start + timedelta(minutes=2 * i))
    assert user.locked_until is not None
    during = user.locked_until - timedelta(minutes=1)
    result = attempt_login(user.email, PASSWORD, now=during)
    assert result.user is None and "geblokkeerd" in result.error
    after = user.locked_until + timedelta(seconds=1)
    assert attempt_login(user.email, PASSWORD, now=after).user == user


def test_lockout_is_stored_in_the_database(client, auth, app):
    user = UserFactory()
    db.session.commit()
    for _ in range(app.config["LOGIN_SLOWDOWN_AFTER"] + 1):
        auth.login(user.email, "wrong-password-xx")
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.failed_logins >= app.config["LOGIN_SLOWDOWN_AFTER"]
    assert "Wacht" in auth.login(user).get_data(as_text=True)


def test_inactive_user_cannot_log_in(client, auth):
    user = UserFactory(active=False)
    db.session.commit()
    assert auth.login(user).status_code == 200


@pytest.mark.parametrize(
    "target,safe",
    [
        ("/home", True),
        ("/trajecten/3?x=1", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_next_parameter_never_leaves_the_site(target, safe):
    assert is_safe_next(target) is safe


def test_login_follows_safe_next_and_ignores_unsafe(client):
    user = UserFactory()
    db.session.commit()
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/inloggen?next=//evil.example/x", data=data)
    assert response.headers["Location"].endswith("/home")
    client.post("/uitloggen")
    response = client.post("/inloggen?next=/account", data=data)
    assert response.headers["Location"].endswith("/account")


def test_login_required_redirects_to_login(client):
    response = client.get("/home")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_logout_ends_the_users_other_sessions(app, auth):
    user = UserFactory()
    db.session.commit()
    other = app.test_client()
    assert other.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert other.get("/home").status_code == 200
    auth.login(user)
    auth.logout()
    assert other.get("/home").status_code == 302  # the other device is logged out too


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth):
    user = UserFactory()
    db.session.commit()
    other = app.test_client()
    other.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    auth.login(user)
    new = "een nieuw lang wachtwoord"
    response = client.post(
        "/account", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert client.get("/home").status_code == 200
    assert other.get("/home").status_code == 302
    client.post("/uitloggen")
    assert auth.login(user.email, new).status_code == 302


def test_password_change_with_wrong_current_password_is_refused(client, login_as):
    login_as(UserFactory())
    new = "een nieuw lang wachtwoord"
    response = client.post("/account", data={"current": "nope", "password": new, "confirm": new})
    assert "niet je huidige wachtwoord" in response.get_data(as_text=True)


def _link_from_outbox(recipient: str) -> str:
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, "no mail queued"
    return re.search(r"http://localhost(/\S+)", message.body_text).group(1)


def test_admin_invites_user_who_sets_password_once(client, auth, login_as):
    admin = UserFactory(admin=True)
    db.session.commit()
    login_as(admin)
    response = client.post(
        "/beheer/uitnodigen",
        data={"name": "Nieuwe Kandidaat", "email": "nieuw@example.nl", "role": "candidate", "organisation_id": 0},
    )
    assert response.status_code == 302
    link = _link_from_outbox("nieuw@example.nl")
    client.post("/uitloggen")
    assert client.get(link).status_code == 200
    password = "mijn eigen wachtwoord"
    response = client.post(link, data={"password": password, "confirm": password})
    assert response.status_code == 302
    assert client.get("/home").status_code == 200
    client.post("/uitloggen")
    # Single use: the same link does not work again.
    assert client.get(link).status_code == 404
    assert auth.login("nieuw@example.nl", password).status_code == 302


def test_invite_link_expires(client, login_as, app):
    admin = UserFactory(admin=True)
    db.session.commit()
    login_as(admin)
    client.post(
        "/beheer/uitnodigen",
        data={"name": "Later", "email": "later@example.nl", "role": "candidate", "organisation_id": 0},
    )
    link = _link_from_outbox("later@example.nl")
    token = db.session.scalars(select(AccountToken)).one()
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/uitloggen")
    response = client.get(link)
    assert response.status_code == 404
    assert "werkt niet meer" in response.get_data(as_text=True)


def test_invite_form_errors_keep_input(client, login_as):
    login_as(UserFactory(admin=True))
    existing = UserFactory(email="bestaat@example.nl")
    db.session.commit()
    response = client.post(
        "/beheer/uitnodigen",
        data={"name": "Twee", "email": existing.email, "role": "employer", "organisation_id": 0},
    )
    page = response.get_data(as_text=True)
    assert "bestaat al een account" in page
    assert "Kies de werkgever" in page
    assert 'value="Twee"' in page


def test_advisor_may_invite_candidates_but_not_admins(client, login_as):
    login_as(UserFactory(advisor=True))
    response = client.post(
        "/beheer/uitnodigen",
        data={"name": "Boss", "email": "boss@example.nl", "role": "admin", "organisation_id": 0},
    )
    assert response.status_code == 200  # re-rendered: "admin" is not a valid choice here
    assert db.session.scalar(select(User).where(User.email == "boss@example.nl")) is None
    response = client.post(
        "/beheer/uitnodigen",
        data={"name": "Kandidaat", "email": "k@example.nl", "role": "candidate", "organisation_id": 0},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["candidate", "employer"])
def test_candidates_and_employers_cannot_invite(client, login_as, role):
    login_as(UserFactory(role=role, organisation=OrganisationFactory() if role == "employer" else None))
    assert client.get("/beheer/uitnodigen").status_code == 404


def test_password_reset_flow_and_no_account_probing(client, auth):
    user = UserFactory(email="reset@example.nl")
    db.session.commit()
    known = client.post("/wachtwoord-vergeten", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/wachtwoord-vergeten", data={"email": "x@example.nl"}, follow_redirects=True)
    assert "Als dit e-mailadres bij ons bekend is" in known.get_data(as_text=True)
    assert "Als dit e-mailadres bij ons bekend is" in unknown.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "x@example.nl")) is None
    link = _link_from_outbox(user.email)
    new = "helemaal nieuw wachtwoord"
    assert client.post(link, data={"password": new, "confirm": "iets anders dan dat"}).status_code == 200
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    client.post("/uitloggen")
    assert client.get(link).status_code == 404
    assert auth.login(user.email, new).status_code == 302


def test_short_password_is_refused_with_dutch_message(client):
    user = UserFactory()
    db.session.commit()
    client.post("/wachtwoord-vergeten", data={"email": user.email})
    link = _link_from_outbox(user.email)
    page = client.post(link, data={"password": "kort", "confirm": "kort"}).get_data(as_text=True)
    assert "minstens 12 tekens" in page


def test_passwords_are_stored_as_argon2_hashes(app):
    user = UserFactory()
    assert user.password_hash.startswith("$argon2")


def test_post_without_csrf_token_is_rejected(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    user = UserFactory()
    db.session.commit()
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "verlopen of ongeldig" in response.get_data(as_text=True)


def test_login_with_csrf_token_works(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    user = UserFactory()
    db.session.commit()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_session_cookie_flags(app, client):
    user = UserFactory()
    db.session.commit()
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_advisor_invites_employer_contacts_only_for_their_caseload(client, login_as):
    """An employer contact reads every trajectory of the organisation: advisors may not add one elsewhere."""
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get("/beheer/uitnodigen").get_data(as_text=True)
    assert w["t1"].employer.name in page and w["t2"].employer.name not in page
    response = client.post("/beheer/uitnodigen", data={
        "name": "Spion", "email": "spion@example.nl", "role": "employer", "organisation_id": w["t2"].employer_id})
    assert response.status_code == 200
    assert db.session.scalar(select(User).where(User.email == "spion@example.nl")) is None
    response = client.post("/beheer/uitnodigen", data={
        "name": "Contact", "email": "contact@example.nl", "role": "employer", "organisation_id": w["t1"].employer_id})
    assert response.status_code == 302
