"""The access matrix over every route: each role against another trajectory's objects gets 404, never data.

Object ids come from world() plus every feature factory that belongs to a trajectory (created for
the other trajectory), so routes and tables that land later are covered without changes here.
"""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from tests.factories import world
from tests.security.crawl import build, owned_ids, populate, routes
from tests.security.crawl import tables_for as _tables_for

SIDE_ONE = ["candidate1", "advisor1", "employer1"]


def _owned_ids(w) -> dict[str, list[int]]:
    return owned_ids(w["candidate2"].id, w["t2"].id)


def _markers(w) -> list[re.Pattern]:
    values = [w["t2"].reference, w["candidate2"].name, w["candidate2"].email, w["t2"].employer.name]
    return [re.compile(re.escape(v) + r"(?![\w])") for v in values]


@pytest.mark.parametrize("who", SIDE_ONE)
def test_other_trajectorys_objects_answer_404(app, client, login_as, who):
    w = world()
    made = populate(w["t2"])
    populate(w["t1"])
    ids = _owned_ids(w)
    assert set(made) <= set(ids), f"objects made but not found as the other side's: {set(made) - set(ids)}"
    login_as(w[who])
    markers = _markers(w)
    checked, failures = 0, []
    for rule, ints, others in routes(app):
        if not ints:
            continue
        for arg in ints:
            if arg == "trajectory_id":
                candidates, strict = [w["t2"].id], True
            elif arg in {"candidate_id", "user_id"}:
                candidates, strict = [w["candidate2"].id], False
            else:
                tables = _tables_for(arg, ids)
                strict = bool(tables)
                candidates = sorted({i for t in (tables or ids) for i in ids[t]})[:12]
            for value in candidates:
                values = {name: (w["t1"].id if name == "trajectory_id" else 1) for name in ints}
                values.update({name: "x" for name in others})
                values[arg] = value
                url = build(app, rule, values)
                if url is None:
                    continue
                method = "GET" if "GET" in rule.methods else "POST"
                response = client.open(url, method=method, data={})
                checked += 1
                body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
                leaked = [m.pattern for m in markers if m.search(body)]
                if response.status_code >= 500 or leaked or (strict and response.status_code not in (404, 405)):
                    failures.append(f"{method} {url} ({arg}={value}) -> {response.status_code} {leaked}")
    assert checked > 0
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("who", ["candidate2", "advisor2", "employer2"])
def test_trajectory_pages_of_the_other_side_are_404(app, client, login_as, who):
    """The same matrix mirrored: side two against trajectory one, for every trajectory_id route."""
    w = world()
    db.session.commit()
    login_as(w[who])
    failures = []
    for rule, ints, others in routes(app):
        if "trajectory_id" not in ints:
            continue
        values = {name: 1 for name in ints} | {name: "x" for name in others} | {"trajectory_id": w["t1"].id}
        url = build(app, rule, values)
        if url is None:
            continue
        response = client.open(url, method="GET" if "GET" in rule.methods else "POST", data={})
        if response.status_code not in (404, 405):
            failures.append(f"{url} -> {response.status_code}")
    assert failures == []
