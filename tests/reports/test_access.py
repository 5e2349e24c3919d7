"""Access matrix: who may reach overviews, stored files, summaries and the employer page."""

from __future__ import annotations

import pytest

from portal.db_types import utcnow
from portal.extensions import db
from portal.reports import codes
from portal.reports.models import GeneratedOverview, OverviewSummary
from tests.factories import world


def _stored(t, shared: bool) -> GeneratedOverview:
    record = GeneratedOverview(trajectory_id=t.id, period_start=t.spoor2_start, period_end=t.spoor2_start,
                               format="csv", sha256="0" * 64, verification_code=codes.new_code(),
                               file_path="overviews/none.csv", shared_at=utcnow() if shared else None)
    db.session.add(record)
    db.session.flush()
    return record


ROLES = ["candidate1", "advisor1", "employer1", "admin", "candidate2", "advisor2", "employer2"]
# Expected status per role for t1's objects.
PAGE = dict(candidate1=404, advisor1=200, employer1=200, admin=200, candidate2=404, advisor2=404, employer2=404)
DOWNLOAD = dict(candidate1=404, advisor1=200, employer1=200, admin=200, candidate2=404, advisor2=404, employer2=404)
SUMMARISE = dict(candidate1=404, advisor1=302, employer1=404, admin=302, candidate2=404, advisor2=404, employer2=404)
EMPLOYER_HOME = dict(candidate1=404, advisor1=404, employer1=200, admin=404, candidate2=404, advisor2=404, employer2=200)


@pytest.mark.parametrize("role", ROLES)
def test_overview_page_matrix(app, client, login_as, role):
    w = world()
    login_as(w[role])
    assert client.get(f"/trajecten/{w['t1'].id}/overzicht").status_code == PAGE[role]
    response = client.post(f"/trajecten/{w['t1'].id}/overzicht", data={"format": "csv"})
    assert response.status_code == DOWNLOAD[role]
    if response.status_code == 200:
        assert response.mimetype == "application/zip" and "attachment" in response.headers["Content-Disposition"]
    # The machine CSV for systems is the same file behind the same rule.
    machine = client.post(f"/trajecten/{w['t1'].id}/overzicht.csv?dialect=machine")
    assert machine.status_code == DOWNLOAD[role]
    if machine.status_code == 200:
        assert machine.mimetype == "text/csv" and "attachment" in machine.headers["Content-Disposition"]
    response = client.post(f"/trajecten/{w['t1'].id}/overzicht/samenvatting", data={"text": "Goed bezig."})
    assert response.status_code == SUMMARISE[role]
    assert client.get("/werkgever").status_code == EMPLOYER_HOME[role]


@pytest.mark.parametrize("role", ROLES)
def test_stored_files_and_sharing_matrix(app, client, login_as, role):
    w = world()
    shared, unshared = _stored(w["t1"], shared=True), _stored(w["t1"], shared=False)
    summary = OverviewSummary(trajectory_id=w["t1"].id, text="concept")
    db.session.add(summary)
    db.session.flush()
    login_as(w[role])
    # No file on disk here (the real download is tested below): every role answers 404.
    assert client.get(f"/overzichten/{unshared.id}/bestand").status_code == 404
    share_status = client.post(f"/overzichten/{unshared.id}/delen").status_code
    assert share_status == (302 if role in ("advisor1", "admin") else 404)
    summary_status = client.post(f"/samenvattingen/{summary.id}/delen").status_code
    assert summary_status == (302 if role in ("advisor1", "admin") else 404)
    assert client.get(f"/overzichten/{shared.id}/bestand").status_code == 404


@pytest.mark.parametrize("url", ["overzicht.csv", "overzicht.csv?dialect=machine", "overzicht.xlsx"])
def test_employer_downloads_only_shared_files_of_own_organisation(app, client, login_as, url):
    w = world()
    login_as(w["advisor1"])
    response = client.post(f"/trajecten/{w['t1'].id}/{url}")
    assert response.status_code == 200
    record = db.session.scalars(db.select(GeneratedOverview)).one()
    assert record.shared_at is None  # bureau files wait for the advisor to share them
    client.post("/uitloggen")

    login_as(w["employer1"])
    assert client.get(f"/overzichten/{record.id}/bestand").status_code == 404
    assert record.display_code not in client.get(f"/trajecten/{w['t1'].id}/overzicht").get_data(as_text=True)
    client.post("/uitloggen")

    login_as(w["advisor1"])
    assert client.post(f"/overzichten/{record.id}/delen").status_code == 302
    client.post("/uitloggen")

    login_as(w["employer1"])
    response = client.get(f"/overzichten/{record.id}/bestand")
    assert response.status_code == 200 and response.mimetype == record.format_enum.mimetype
    import hashlib

    assert hashlib.sha256(response.data).hexdigest() == record.sha256
    assert record.display_code in client.get(f"/trajecten/{w['t1'].id}/overzicht").get_data(as_text=True)
    client.post("/uitloggen")

    login_as(w["employer2"])
    assert client.get(f"/overzichten/{record.id}/bestand").status_code == 404
    assert client.get(f"/trajecten/{w['t1'].id}/overzicht").status_code == 404
    assert w["t1"].candidate.name not in client.get("/werkgever").get_data(as_text=True)


def test_employer_download_is_stored_and_listed(app, client, login_as):
    w = world()
    login_as(w["employer1"])
    response = client.post(f"/trajecten/{w['t1'].id}/overzicht", data={"format": "xlsx"})
    assert response.status_code == 200 and response.data[:2] == b"PK"
    record = db.session.scalars(db.select(GeneratedOverview)).one()
    assert record.shared_at is not None and record.generated_by_id == w["employer1"].id
    assert record.format == "xlsx" and record.period_start == w["t1"].spoor2_start


def test_anonymous_users_are_sent_to_login(app, client):
    w = world()
    assert client.get(f"/trajecten/{w['t1'].id}/overzicht").status_code == 302
    assert client.get("/werkgever").status_code == 302


def test_missing_objects_are_404(app, client, login_as):
    w = world()
    login_as(w["admin"])
    assert client.get("/trajecten/999999/overzicht").status_code == 404
    assert client.get("/overzichten/999999/bestand").status_code == 404
    assert client.post("/samenvattingen/999999/delen").status_code == 404


def test_employer_download_is_recorded_in_the_audit_log(app, client, login_as):
    from sqlalchemy import select

    from portal.audit.models import AuditEvent

    w = world()
    login_as(w["employer1"])
    response = client.post(f"/trajecten/{w['t1'].id}/overzicht.csv")
    assert response.status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(events) == 1
    assert events[0].actor_id == w["employer1"].id
    assert events[0].candidate_id == w["candidate1"].id
    assert "CSV" in events[0].detail
