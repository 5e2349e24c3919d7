"""One TOTP code logs in once, even in parallel; wrong codes lock the second step on their own."""

from __future__ import annotations

import threading
import time

from sqlalchemy.orm.attributes import set_committed_value

from portal.auth.models import User
from portal.extensions import db
from portal.security import twofactor
from portal.security.twofactor import code_at
from tests.factories import PASSWORD, TEST_TOTP_SECRET, UserFactory


def test_a_stale_copy_of_the_user_cannot_use_the_code_again(app):
    user = UserFactory(advisor=True)
    db.session.commit()
    now = time.time()
    code = code_at(TEST_TOTP_SECRET, int(now // 30))
    before = user.totp_last_step
    assert twofactor.verify(user, code, now=now)
    db.session.commit()
    set_committed_value(user, "totp_last_step", before)  # what a parallel request read earlier
    assert not twofactor.verify(user, code, now=now)


def test_parallel_logins_with_one_code_succeed_once(app):
    user = UserFactory(advisor=True)
    db.session.commit()
    user_id, now = user.id, time.time()
    code = code_at(TEST_TOTP_SECRET, int(now // 30))
    db.session.remove()
    barrier = threading.Barrier(4)
    results: list[bool] = []

    def attempt():
        with app.app_context():
            try:
                loaded = db.session.get(User, user_id)
                loaded.totp_last_step  # noqa: B018 - read before the others write
                barrier.wait(5)
                ok = twofactor.verify(loaded, code, now=now)
                db.session.commit()
            except Exception:  # a database that refuses the second writer also refuses the login
                db.session.rollback()
                ok = False
            finally:
                db.session.remove()
            results.append(ok)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results) == [False, False, False, True]


def test_wrong_codes_lock_the_second_step_but_not_the_password(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    app.config["RATE_LIMITS"] = {"twofactor-failures": (3, 900), "twofactor-account": (100, 600),
                                 "twofactor-address": (100, 600), "login-address": (100, 600)}
    user = UserFactory(advisor=True)
    db.session.commit()
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    for _ in range(3):
        assert "klopt niet" in client.post("/inloggen/code", data={"code": "000000"}).get_data(as_text=True)
    right = code_at(TEST_TOTP_SECRET, int(time.time() // 30))
    page = client.post("/inloggen/code", data={"code": right}).get_data(as_text=True)
    assert "te veel verkeerde codes" in page
    db.session.expire_all()
    assert db.session.get(User, user.id).failed_logins == 0  # the password counter is untouched
    assert client.get("/home").status_code == 302
