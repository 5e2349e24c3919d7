"""Rate limits hold across processes: two app instances on one database (or Redis) share them."""

from __future__ import annotations

import uuid

import pytest

from portal import create_app
from portal.extensions import db
from portal.security import ratelimit
from tests.conftest import FreshContextClient, _test_config
from tests.factories import UserFactory

LIMITS = {"login-address": (3, 600), "login-account": (3, 600), "reset-address": (2, 3600),
          "reset-account": (2, 3600), "twofactor-account": (2, 600)}


_OTHERS: list = []


def _second_app(app, tmp_path, **extra):
    """Another app instance on the same database, as a second gunicorn worker would be."""
    config = _test_config(
        {"url": app.config["SQLALCHEMY_DATABASE_URI"], "options": app.config["SQLALCHEMY_ENGINE_OPTIONS"]}, tmp_path
    )
    config.update(RATELIMIT_ENABLED=True, RATE_LIMITS=LIMITS, **extra)
    other = create_app(config)
    other.test_client_class = FreshContextClient
    _OTHERS.append(other)
    return other


@pytest.fixture(autouse=True)
def _dispose_other_apps():
    yield
    while _OTHERS:
        with _OTHERS.pop().app_context():
            db.engine.dispose()


@pytest.fixture
def limited(app):
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMITS=LIMITS)
    return app


def test_login_attempts_are_limited_per_address_across_two_instances(limited, client, tmp_path):
    other = _second_app(limited, tmp_path).test_client()
    statuses = []
    for i in range(4):
        target = client if i % 2 == 0 else other
        statuses.append(target.post("/inloggen", data={"email": f"x{i}@example.nl", "password": "nope"}).status_code)
    assert statuses == [200, 200, 200, 429]
    page = client.post("/inloggen", data={"email": "y@example.nl", "password": "nope"}).get_data(as_text=True)
    assert "Even geduld" in page


def test_login_attempts_are_limited_per_account_from_many_addresses(limited, client):
    user = UserFactory()
    db.session.commit()
    statuses = [
        client.post("/inloggen", data={"email": user.email, "password": "wrong"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i in range(4)
    ]
    assert statuses[-1] == 429


def test_password_reset_is_limited(limited, client):
    statuses = [client.post("/wachtwoord-vergeten", data={"email": "a@example.nl"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_two_factor_step_is_limited_per_account(limited, client):
    user = UserFactory(advisor=True)
    db.session.commit()
    client.post("/inloggen", data={"email": user.email, "password": "correct horse battery staple"})
    statuses = [client.post("/inloggen/code", data={"code": "000000"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_counters_live_in_redis_when_configured(limited, tmp_path):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    first, second = _second_app(limited, tmp_path, REDIS_URL=url), _second_app(limited, tmp_path, REDIS_URL=url)
    key = uuid.uuid4().hex
    results = []
    for i in range(4):
        with (first if i % 2 == 0 else second).test_request_context():
            results.append(ratelimit.hit("login-account", key))
    assert results == [True, True, True, False]


def test_limits_are_off_only_when_configured(app):
    with app.test_request_context():
        assert all(ratelimit.hit("login-account", "k") for _ in range(100))  # tests switch them off


def test_successful_logins_do_not_use_up_the_account_limit(limited, client):
    user = UserFactory()
    db.session.commit()
    for i in range(6):  # twice the per-account limit, each from its own address
        response = client.post("/inloggen", data={"email": user.email, "password": "correct horse battery staple"},
                               environ_base={"REMOTE_ADDR": f"10.0.1.{i}"})
        assert response.status_code == 302, i
        client.post("/uitloggen", environ_base={"REMOTE_ADDR": f"10.0.1.{i}"})
    # Failures still count: after three wrong passwords the account waits.
    statuses = [
        client.post("/inloggen", data={"email": user.email, "password": "wrong"},
                    environ_base={"REMOTE_ADDR": f"10.0.2.{i}"}).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
