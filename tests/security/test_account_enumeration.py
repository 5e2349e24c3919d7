"""Known and unknown addresses get equal answers on login, throttling and reset (issue 23).

A candidate account exists only for someone on long-term sick leave, so whether an address
has an account must not show in the message, the slow-down or the time an answer takes.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.auth.services import attempt_login
from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.factories import UserFactory

UNKNOWN = "niemand-hier@example.nl"


def test_slow_down_and_lockout_answer_alike_for_unknown_addresses(app):
    user = UserFactory()
    db.session.commit()
    start = utcnow()
    for email in (user.email, UNKNOWN):
        answers = [attempt_login(email, "wrong", now=start + timedelta(minutes=2 * i)).error
                   for i in range(app.config["LOGIN_LOCK_AFTER"])]
        during = attempt_login(email, "wrong", now=start + timedelta(minutes=2 * len(answers) - 1))
        if email == user.email:
            known = answers, during
        else:
            unknown = answers, during
    assert known[0] == unknown[0]
    assert known[1].error == unknown[1].error and "geblokkeerd" in known[1].error
    assert known[1].wait_seconds == unknown[1].wait_seconds


def test_slow_down_message_is_the_same_through_the_form(app, client):
    user = UserFactory()
    db.session.commit()
    pages = {}
    for email in (user.email, UNKNOWN):
        for _ in range(app.config["LOGIN_SLOWDOWN_AFTER"] + 1):
            response = client.post("/inloggen", data={"email": email, "password": "wrong-password-xx"})
        pages[email] = response.get_data(as_text=True)
    assert "Wacht" in pages[user.email] and "Wacht" in pages[UNKNOWN]


def _median_ms(client, rounds: int, requests: dict[str, dict]) -> dict[str, float]:
    """The median wall-clock time per request: what an observer sees."""
    times: dict[str, list[float]] = {name: [] for name in requests}
    for _ in range(rounds):
        for name, (url, data) in requests.items():  # interleaved: both see the same machine load
            started = time.perf_counter()
            client.post(url, data=data)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def _comparable(client, requests, share: float = 0.20) -> list[dict[str, float]]:
    """Medians of 60 interleaved requests each, up to five times: a busy shared machine may
    spoil one batch, but a real difference in work shows in every batch."""
    _median_ms(client, 5, requests)  # warm-up
    batches = []
    for _ in range(5):
        medians = _median_ms(client, 60, requests)
        batches.append(medians)
        if abs(medians["known"] - medians["unknown"]) <= share * max(medians.values()):
            return []
    return batches


@pytest.mark.timing
def test_login_time_for_known_and_unknown_addresses_is_comparable(app, client):
    app.config["LOGIN_SLOWDOWN_AFTER"] = 10_000  # measure the plain answer, not the wait
    app.config["LOGIN_LOCK_AFTER"] = 10_000
    user = UserFactory()
    db.session.commit()
    requests = {"known": ("/inloggen", {"email": user.email, "password": "wrong-password-xx"}),
                "unknown": ("/inloggen", {"email": UNKNOWN, "password": "wrong-password-xx"})}
    assert _comparable(client, requests) == []


@pytest.mark.timing
def test_reset_time_for_known_and_unknown_addresses_is_comparable(app, client):
    user = UserFactory()
    db.session.commit()
    requests = {"known": ("/wachtwoord-vergeten", {"email": user.email}),
                "unknown": ("/wachtwoord-vergeten", {"email": UNKNOWN})}
    assert _comparable(client, requests) == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.recipient == UNKNOWN)) == 0
