"""Who sees a report at each step of the release flow: pages, actions and PDF files, for every role."""

from __future__ import annotations

from datetime import date

import pytest

from portal.casefile import progress_report as casefile
from portal.extensions import db
from portal.progress_reports import services
from tests.factories import world
from tests.progress_reports.factories import draft, with_candidate
from tests.reports.factories import WEASYPRINT_ERROR

pytestmark = pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")

TODAY = date(2026, 12, 3)
ROLES = ["candidate1", "advisor1", "employer1", "admin", "candidate2", "advisor2", "employer2"]
BUREAU = {"advisor1", "admin"}
# Who may read t1's report in each state (everyone else: 404).
READERS = {
    "draft": BUREAU,
    "with_candidate": BUREAU | {"candidate1"},
    "released": BUREAU | {"candidate1", "employer1"},
}


def _report(w, state):
    if state == "draft":
        return draft(w["t1"], w["advisor1"])
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    if state == "released":
        services.candidate_agrees(report)
        casefile.release(report, w["advisor1"], TODAY)
    return report


@pytest.mark.parametrize("state", list(READERS))
@pytest.mark.parametrize("role", ROLES)
def test_report_page_and_pdf_per_role_and_state(app, client, login_as, role, state):
    w = world()
    report = _report(w, state)
    db.session.commit()
    login_as(w[role])
    expected = 200 if role in READERS[state] else 404
    page = client.get(f"/rapportages/{report.id}")
    assert page.status_code == expected
    if state == "released":
        pdf = client.get(f"/rapportages/{report.id}/pdf")
    else:  # nothing is rendered in the request: a preview job, then its file
        assert client.get(f"/rapportages/{report.id}/pdf").status_code == 404
        asked = client.post(f"/rapportages/{report.id}/voorbeeld")
        assert asked.status_code == (303 if expected == 200 else 404)
        pdf = client.get(asked.headers["Location"] + "/bestand") if expected == 200 else asked
    assert pdf.status_code == expected
    if expected == 200:
        assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
        assert ("concept-" in pdf.headers["Content-Disposition"]) == (state != "released")
    # The bureau's list of the trajectory's reports.
    staff_list = client.get(f"/trajecten/{w['t1'].id}/rapportages")
    assert staff_list.status_code == (200 if role in BUREAU else 404)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_each_role_may_read(app, client, login_as, role):
    w = world()
    drafted = draft(w["t1"], w["advisor1"], texts={"goal": "concept-tekst"})
    sent = with_candidate(w["t1"], w["advisor1"], TODAY)
    released = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.candidate_agrees(released)
    casefile.release(released, w["advisor1"], TODAY)
    db.session.commit()
    login_as(w[role])
    if role.startswith("employer"):
        page = client.get("/werkgever/rapportages").get_data(as_text=True)
        assert (f"/rapportages/{released.id}\"" in page) == (role == "employer1")
        assert f"/rapportages/{sent.id}\"" not in page and f"/rapportages/{drafted.id}\"" not in page
    elif role.startswith("candidate"):
        page = client.get("/mijn-traject/rapportages").get_data(as_text=True)
        mine = role == "candidate1"
        assert (f"/rapportages/{sent.id}\"" in page) == mine and (f"/rapportages/{released.id}\"" in page) == mine
        assert f"/rapportages/{drafted.id}\"" not in page
    else:
        assert client.get("/werkgever/rapportages").status_code == 404
        assert client.get("/mijn-traject/rapportages").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_each_step_only_for_its_role(app, client, login_as, role):
    w = world()
    drafted = draft(w["t1"], w["advisor1"])
    sent = with_candidate(w["t1"], w["advisor1"], TODAY)
    released = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.candidate_agrees(released)
    casefile.release(released, w["advisor1"], TODAY)
    db.session.commit()
    login_as(w[role])
    ok = 302
    assert client.post(f"/rapportages/{drafted.id}/teksten", data={"goal": "x"}).status_code == (
        ok if role == "advisor1" else 404)
    assert client.post(f"/rapportages/{drafted.id}/versturen").status_code == (ok if role == "advisor1" else 404)
    assert client.post(f"/trajecten/{w['t1'].id}/rapportages", data={"kind": "progress"}).status_code in (
        (ok,) if role == "advisor1" else (404,))
    assert client.post(f"/rapportages/{sent.id}/akkoord").status_code == (ok if role == "candidate1" else 404)
    assert client.post(f"/rapportages/{released.id}/ontvangen").status_code == (ok if role == "employer1" else 404)
    assert client.post(f"/rapportages/{released.id}/correctie", data={"note": "Een andere periode vermeld."}
                       ).status_code == (ok if role == "advisor1" else 404)
    db.session.refresh(sent)
    db.session.refresh(released)
    assert (sent.candidate_agreed_at is not None) == (role == "candidate1")
    assert (released.received_at is not None) == (role == "employer1")
