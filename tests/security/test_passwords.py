"""Passwords: long enough, and not in the shipped list of common passwords (also varied)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.security.passwords import common_passwords, is_common
from tests.factories import PASSWORD


def test_the_list_is_shipped_and_large():
    listed = common_passwords()
    assert len(listed) >= 10_000
    assert {"wachtwoord", "welkom01", "qwerty", "password"} <= listed


@pytest.mark.parametrize("password", ["Wachtwoord123!", "welkom01welkom01", "P@ssw0rd2024", "QWERTYUIOP1234",
                                      "Welkom2025!!", "iloveyouiloveyou", "voetbal 12345678"])
def test_common_passwords_and_simple_variations_are_refused(password):
    assert is_common(password)


@pytest.mark.parametrize("password", [PASSWORD, "een nieuw lang wachtwoord", "paars-fietsje-op-de-dijk"])
def test_ordinary_passphrases_pass(password):
    assert not is_common(password)


def test_form_refuses_a_common_password_in_dutch(client, login_as):
    from tests.factories import UserFactory

    user = login_as(UserFactory())
    response = client.post("/account", data={"current": PASSWORD, "password": "Wachtwoord1234",
                                             "confirm": "Wachtwoord1234"})
    assert "komt veel voor" in response.get_data(as_text=True)
    response = client.post("/account", data={"current": PASSWORD, "password": "kort", "confirm": "kort"})
    assert "minstens 12 tekens" in response.get_data(as_text=True)
    db.session.refresh(user)
