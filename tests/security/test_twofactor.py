"""Two-factor login: the second step, replay refusal, recovery codes, enrolment."""

from __future__ import annotations

import re
import time

import pytest

from portal.auth.models import Role, User
from portal.extensions import db
from portal.security.twofactor import code_at, current_code
from tests.factories import PASSWORD, TEST_TOTP_SECRET, OrganisationFactory, UserFactory


def _password_step(client, user):
    return client.post("/inloggen", data={"email": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", ["advisor", "employer", "admin"])
def test_staff_must_pass_the_code_step(client, role):
    user = UserFactory(role=role, organisation=OrganisationFactory() if role == "employer" else None)
    db.session.commit()
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/inloggen/code")
    assert client.get("/home").status_code == 302  # not logged in yet
    page = client.get("/inloggen/code").get_data(as_text=True)
    assert 'name="code"' in page
    response = client.post("/inloggen/code", data={"code": current_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert client.get("/home").status_code == 200


def test_wrong_code_is_refused_in_dutch(client):
    user = UserFactory(advisor=True)
    db.session.commit()
    _password_step(client, user)
    response = client.post("/inloggen/code", data={"code": "000000"})
    assert response.status_code == 200 and "klopt niet" in response.get_data(as_text=True)
    assert client.get("/home").status_code == 302


def test_a_code_is_accepted_once_only(app, client):
    user = UserFactory(advisor=True)
    db.session.commit()
    code = code_at(TEST_TOTP_SECRET, int(time.time() // 30))
    _password_step(client, user)
    assert client.post("/inloggen/code", data={"code": code}).status_code == 302
    other = app.test_client()
    other.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    response = other.post("/inloggen/code", data={"code": code})
    assert response.status_code == 200 and "al gebruikt" in response.get_data(as_text=True)


def test_code_step_without_password_step_goes_back_to_login(client):
    response = client.post("/inloggen/code", data={"code": "123456"})
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_session_is_renewed_at_the_second_step(client):
    user = UserFactory(admin=True)
    db.session.commit()
    _password_step(client, user)
    with client.session_transaction() as sess:
        assert "pending_user" in sess and "_user_id" not in sess
        sess["planted"] = "by an attacker"
    client.post("/inloggen/code", data={"code": current_code(TEST_TOTP_SECRET)})
    with client.session_transaction() as sess:
        assert "planted" not in sess and "pending_user" not in sess and sess["_user_id"]


def _enrol(client, user) -> list[str]:
    page = client.get("/account/tweestapsverificatie").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/account/tweestapsverificatie", data={"code": current_code(secret)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.get_data(as_text=True))


def test_candidate_can_enable_two_factor_and_use_a_recovery_code_once(app, client, auth):
    user = UserFactory()
    db.session.commit()
    auth.login(user)
    codes = _enrol(client, user)
    assert len(codes) == 10
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled
    auth.logout()
    _password_step(client, user)
    assert client.post("/inloggen/code", data={"code": codes[0].upper()}).status_code == 302
    client.post("/uitloggen")
    _password_step(client, user)
    assert client.post("/inloggen/code", data={"code": codes[0]}).status_code == 200  # used up


def test_staff_without_two_factor_must_enrol_before_anything_else(client):
    user = UserFactory(advisor=True, totp_secret=None, totp_enabled_at=None)
    db.session.commit()
    assert _password_step(client, user).headers["Location"].endswith("/home")
    response = client.get("/home")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/tweestapsverificatie")
    assert client.get("/account").status_code == 302
    codes = _enrol(client, user)
    assert codes and client.get("/home").status_code == 200


def test_staff_cannot_switch_two_factor_off(client, login_as):
    user = login_as(UserFactory(admin=True))
    page = client.get("/account/tweestapsverificatie").get_data(as_text=True)
    assert 'value="disable"' not in page
    from tests.factories import totp_code

    response = client.post("/account/tweestapsverificatie", data={"code": totp_code(user), "action": "disable"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).two_factor_enabled


def test_password_reset_link_does_not_skip_the_code(client):
    from portal.auth.models import TokenPurpose
    from portal.auth.services import issue_token

    user = UserFactory(advisor=True)
    db.session.flush()
    token = issue_token(user, TokenPurpose.RESET)
    db.session.commit()
    new = "een heel ander lang wachtwoord"
    response = client.post(f"/wachtwoord-herstellen/{token}", data={"password": new, "confirm": new})
    assert response.headers["Location"].endswith("/inloggen/code")
    assert client.get("/home").status_code == 302


def test_demo_staff_are_enrolled_with_the_documented_secret(demo):
    from portal.demo import DEMO_TOTP_SECRET

    for email in ("beheer@demo.nl", "adviseur@demo.nl", "adviseur2@demo.nl", "adviseur3@demo.nl",
                  "werkgever@demo.nl", "werkgever2@demo.nl"):
        user = db.session.query(User).filter_by(email=email).one()
        assert user.totp_secret == DEMO_TOTP_SECRET == "JBSWY3DPEHPK3PXP" and user.two_factor_enabled
    assert not db.session.query(User).filter_by(email="kandidaat@demo.nl").one().two_factor_enabled
    assert Role.CANDIDATE


def test_totp_matches_rfc6238_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s -> step 1, secret "12345678901234567890".
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert code_at(secret, 1) == "287082"
