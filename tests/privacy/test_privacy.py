"""Rights of the person: export everything, erase after retention or on request, files included."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.privacy.models import ErasureRecord
from portal.trajectory.models import Trajectory
from tests.advisor.factories import NoteFactory
from tests.factories import world


def _plant_files(app, trajectory) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    folder = root / "diary" / str(trajectory.id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("a" * 32 + ".pdf")
    path.write_bytes(b"%PDF-1.4 Sanne's letter")
    return [path]


def test_candidate_downloads_all_their_data_without_secrets(app, client, login_as):
    w = world()
    db.session.commit()
    [path] = _plant_files(app, w["t1"])
    _plant_files(app, w["t2"])
    login_as(w["candidate1"])
    assert "Mijn gegevens downloaden" in client.get("/mijn-gegevens").get_data(as_text=True)
    response = client.get("/mijn-gegevens/download")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("gegevens.json"))
    assert [u["email"] for u in data["users"]] == [w["candidate1"].email]
    assert "password_hash" not in data["users"][0]
    assert [t["id"] for t in data["trajectories"]] == [w["t1"].id]
    assert any(r["advisor_id"] == w["advisor1"].id for r in data["trajectory_advisors"])
    files = [n for n in archive.namelist() if n.startswith("bestanden/")]
    assert files == [f"bestanden/diary/{w['t1'].id}/{path.name}"]


def test_only_candidates_download_and_only_their_own(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    assert client.get("/mijn-gegevens/download").status_code == 404


def test_purge_erases_after_retention_and_keeps_anonymous_counts(app, runner):
    w = world()
    t1 = w["t1"]
    t1.status = "closed"
    t1.closed_on = date.today() - timedelta(days=365 * 2 + 5)
    w["t2"].status = "closed"
    w["t2"].closed_on = date.today() - timedelta(days=30)  # still within retention
    db.session.commit()
    [path] = _plant_files(app, t1)
    ids = (t1.id, w["candidate1"].id, w["candidate1"].email, w["candidate1"].name)
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "1 trajecten en 1 personen" in result.output
    db.session.expire_all()
    assert db.session.get(Trajectory, ids[0]) is None and db.session.get(User, ids[1]) is None
    assert db.session.get(Trajectory, w["t2"].id) is not None
    assert not path.exists() and not path.parent.exists()
    record = db.session.scalars(select(ErasureRecord)).all()
    assert record and record[0].reason == "retention" and record[0].row_counts["trajectories"] == 1
    assert db.session.get(User, w["advisor1"].id) is not None  # staff stay
    # nothing of the erased person remains anywhere on disk
    for file in Path(app.config["UPLOAD_DIR"]).rglob("*"):
        if file.is_file():
            assert ids[3].encode() not in file.read_bytes() and ids[2].encode() not in file.read_bytes()


def test_admin_erases_on_request_after_typing_the_name(client, login_as, app):
    w = world()
    db.session.commit()
    [path] = _plant_files(app, w["t1"])
    person = w["candidate1"]
    person_id = person.id
    login_as(w["admin"])
    url = f"/beheer/privacy/{person_id}/verwijderen"
    assert person.name in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"confirm_name": "Iemand Anders"})
    assert response.status_code == 200 and "komt niet overeen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, person.id) is not None
    response = client.post(url, data={"confirm_name": person.name})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person_id) is None and not path.exists()
    assert db.session.scalar(select(func.count()).select_from(ErasureRecord)) == 1
    from portal.audit.models import AuditEvent

    assert db.session.scalars(select(AuditEvent.action)).all() == ["erase"]


def test_erase_is_admin_only(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    assert client.get(f"/beheer/privacy/{w['candidate1'].id}/verwijderen").status_code == 404


def test_internal_notes_in_the_download_say_honestly_why_they_are_there(app, client, login_as):
    w = world()
    NoteFactory(trajectory=w["t1"], author_id=w["advisor1"].id, body="Intern: motivatie wisselend",
                visibility="internal")
    NoteFactory(trajectory=w["t1"], author_id=w["advisor1"].id, body="Gedeeld", visibility="employer")
    db.session.commit()
    login_as(w["candidate1"])
    archive = zipfile.ZipFile(io.BytesIO(client.get("/mijn-gegevens/download").data))
    notes = {n["body"]: n for n in json.loads(archive.read("gegevens.json"))["notes"]}
    assert "recht op inzage" in notes["Intern: motivatie wisselend"]["zichtbaarheid_uitleg"]
    assert "zichtbaarheid_uitleg" not in notes["Gedeeld"]
    assert "AVG artikel 15" in archive.read("LEESMIJ.txt").decode()
