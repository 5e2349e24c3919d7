"""Hostile input through every route and form, for every role: no 500, no reflected script, no stray file.

Routes come from app.url_map, field names from the rendered forms, so features that land later
are crawled without changes here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from portal.extensions import db
from tests.factories import world
from tests.security.crawl import GENERIC_FIELDS, build, form_fields, routes

SCRIPT = "<script>alert(1)</script>"
CORPUS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1'; DROP TABLE users; --",
    "../../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "A" * 20_000,
    "2026-13-45",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "null\x00byte",
    "\u202eevil\u200b\ufeff 🙂 𝕏",
    "{{7*7}}{% raw %}",
    "2026-W99",
    "",
]
QUERY = {"q": SCRIPT, "page": "-1", "pagina": "abc", "week": "2026-W99", "next": "//evil.example", "sort": "' OR 1=1",
         "status": '"><img src=x onerror=alert(1)>', "van": "2026-02-31", "tot": "x", "id": "../../etc/passwd",
         "voor": "1e309", "filter": "\x00", "jaar": "99999999999"}
UNESCAPED = re.compile(r"<script>alert\(1\)</script>|<img src=x onerror=alert\(1\)>")


def _values(rule, ints, others, w):
    values = {name: (w["t1"].id if name == "trajectory_id" else 1) for name in ints}
    values.update({name: "..%2F..%2Fetc%2Fpasswd<script>" for name in others})
    return values


def _check(response, url):
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    if response.mimetype and response.mimetype.startswith("text/html"):
        body = response.get_data(as_text=True)
        assert not UNESCAPED.search(body), f"{url} reflected hostile markup unescaped"


def _logged_in(client) -> bool:
    with client.session_transaction() as sess:
        return "_user_id" in sess


@pytest.mark.parametrize("who", ["anonymous", "candidate1", "advisor1", "employer1", "admin"])
def test_hostile_input_everywhere(app, client, auth, who, tmp_path):
    w = world()
    db.session.commit()
    user = w.get(who)

    def login():
        if user is not None:
            user.active = True
            db.session.commit()
            auth.login(user)

    login()
    crawled = 0
    for rule, ints, others in routes(app):
        url = build(app, rule, _values(rule, ints, others, w))
        if url is None:
            continue
        crawled += 1
        html = ""
        if "GET" in rule.methods:
            response = client.get(url, query_string=QUERY)
            _check(response, url)
            plain = client.get(url)
            _check(plain, url)
            html = plain.get_data(as_text=True) if plain.status_code == 200 and plain.mimetype == "text/html" else ""
        if "POST" in rule.methods:
            names, files = form_fields(html)
            names = names or GENERIC_FIELDS
            for round_ in range(2):
                data = {name: CORPUS[(i + round_ * 7) % len(CORPUS)] for i, name in enumerate(names)}
                for name in files:
                    data[name] = (io.BytesIO(b"<html>" + SCRIPT.encode()), "../../evil.pdf")
                response = client.post(url, data=data, content_type="multipart/form-data")
                _check(response, url)
        if user is not None and not _logged_in(client):
            login()
    assert crawled > 10
    upload_root = Path(app.config["UPLOAD_DIR"]).resolve()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            resolved = path.resolve()
            assert upload_root in resolved.parents or Path(app.config["EXPORT_DIR"]).resolve() in resolved.parents, path
            assert "evil" not in path.name and "passwd" not in path.name


@pytest.mark.parametrize("who", ["candidate1", "advisor1", "admin"])
def test_ids_too_large_for_the_database_answer_404(app, client, auth, who):
    """A forged 20-digit id never reaches the database (SQLite's integer would overflow)."""
    w = world()
    db.session.commit()
    auth.login(w[who])
    checked = 0
    for rule, ints, others in routes(app):
        if not ints:
            continue
        values = {name: 10**20 for name in ints}
        values.update({name: "x" for name in others})
        url = build(app, rule, values)
        if url is None:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            checked += 1
    assert checked > 20
