"""Fixtures of the plan tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def switch_to(auth, login_as):
    """Log out whoever is logged in, then log in as `user` (login refuses a logged-in user)."""

    def _switch(user):
        auth.logout()
        return login_as(user)

    return _switch
