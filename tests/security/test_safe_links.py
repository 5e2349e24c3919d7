"""Safe links by construction: only http(s) accepted by link fields and rendered as href."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.sanitize import http_url, safe_url
from tests.advisor.factories import AppointmentFactory
from tests.diary.factories import DiaryEntryFactory
from tests.factories import world

HOSTILE = [
    "javascript://example.com/%0aalert(1)", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "https:\\\\evil.example", " https://a b",
    "https://", "//evil.example/x", "https://example.nl/\u202egnp.exe", "file:///etc/passwd", "ftp://example.nl/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_links_are_refused(url):
    assert http_url(url) == "" and safe_url(url) == ""


@pytest.mark.parametrize("url", ["https://werk.nl/vacature/1?x=1#top", "http://example.nl", "HTTPS://Example.NL/a"])
def test_plain_links_pass(url):
    assert safe_url(url) == url


def test_vacancy_form_refuses_javascript_link_with_dutch_message(app, client, login_as):
    from portal.jobs.forms import VacancyForm

    with app.test_request_context(method="POST"):
        form = VacancyForm(MultiDict({"title": "Chauffeur", "organisation": "Bol",
                                      "apply_url": "javascript://example.com/%0aalert(1)"}), meta={"csrf": False})
        assert not form.validate()
        assert form.apply_url.errors == ["Een link begint met https:// of http://."]


def test_appointment_location_refuses_javascript_link(app):
    from portal.advisor.forms import AppointmentForm

    with app.test_request_context(method="POST"):
        data = {"kind": "coaching", "status": "planned", "day": "2026-12-01", "start_time": "10:00",
                "duration_minutes": "60"}
        for location, ok in [("https://meet.example.nl/abc", True), ("Kantoor Utrecht", True),
                             ("javascript://meet.example.nl/%0aalert(1)", False), ("https://meet ex", False)]:
            form = AppointmentForm(MultiDict({**data, "location": location}), meta={"csrf": False})
            form.validate()
            assert bool(form.location.errors) is not ok, location


def test_stored_javascript_link_is_shown_as_text_not_as_href(app, client, login_as):
    w = world()
    hostile = "javascript://example.com/%0aalert(12)"
    entry = DiaryEntryFactory(trajectory=w["t1"], external_url=hostile)
    AppointmentFactory(trajectory=w["t1"], location="https://x.example/\njavascript:alert(1)", status="planned")
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "javascript://example.com" in page  # shown, as text
    assert 'href="javascript' not in page.lower()
    casefile = client.get(f"/adviseur/trajecten/{w['t1'].id}")
    assert casefile.status_code == 200
    assert "https://x.example" in casefile.get_data(as_text=True)
    assert 'href="https://x.example' not in casefile.get_data(as_text=True)
