"""File storage (portal/storage.py): both backends, uploads and overviews through it, erasure,
switching backends, and the migration that carries files into the database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from portal import storage
from portal.diary import services as diary
from portal.extensions import db
from portal.privacy import services as privacy
from portal.reports import services as reports
from portal.storage import StoredFile
from tests.diary.factories import DiaryEntryFactory
from tests.factories import world

PDF = b"%PDF-1.4\n% a letter of application\n%%EOF"


@pytest.fixture(params=["local", "database"])
def backend(request, app):
    app.config["FILE_STORAGE"] = request.param
    return request.param


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFile))


def test_put_get_exists_delete_and_list(app, backend):
    files = storage.store()
    key = "uploads/diary/7/" + "a" * 32 + ".pdf"
    assert files.get(key) is None and not files.exists(key)
    files.put(key, PDF)
    files.put("uploads/learning/7/" + "b" * 32 + ".png", b"png")
    files.put("exports/overviews/7/" + "c" * 32 + ".pdf", b"overview")
    assert files.get(key) == PDF and files.exists(key)
    assert dict(files.keys("uploads/diary/")) == {key: len(PDF)}
    assert [k for k, _ in files.keys("uploads/")] == [key, "uploads/learning/7/" + "b" * 32 + ".png"]
    files.put(key, b"%PDF-2 replaced")
    assert files.get(key) == b"%PDF-2 replaced"
    files.delete(key)
    files.delete(key)  # deleting what is gone is no error
    assert files.get(key) is None and not files.exists(key)
    on_disk = Path(app.config["UPLOAD_DIR"], "diary", "7")
    assert not on_disk.exists()  # local: an emptied folder goes too; database: never on disk
    assert (_rows() == 2) == (backend == "database")


@pytest.mark.parametrize("key", ["uploads/../secret", "/etc/passwd", "uploads/a/../../b.pdf", "other/x.pdf",
                                 "uploads/", "uploads/x y.pdf", "exports/a/%.pdf", "uploads\\x.pdf"])
def test_keys_that_could_leave_their_area_are_refused(app, backend, key):
    with pytest.raises(ValueError):
        storage.store().put(key, b"x")
    with pytest.raises(ValueError):
        storage.store().get(key)


def test_a_like_wildcard_in_a_prefix_matches_itself_only(app):
    app.config["FILE_STORAGE"] = "database"
    files = storage.store()
    files.put("uploads/a_b/x.pdf", b"1")
    files.put("uploads/aXb/y.pdf", b"2")
    assert [k for k, _ in files.keys("uploads/a_b/")] == ["uploads/a_b/x.pdf"]


def test_unknown_backend_is_refused(app):
    app.config["FILE_STORAGE"] = "s3"
    with pytest.raises(ValueError, match="FILE_STORAGE"):
        storage.store()


def test_the_local_backend_reads_the_paths_files_always_had(app):
    """Existing references keep working: a file the portal stored before is where the key says."""
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    db.session.flush()
    folder = Path(app.config["UPLOAD_DIR"], "diary", str(w["t1"].id))
    folder.mkdir(parents=True)
    (folder / ("d" * 32 + ".pdf")).write_bytes(PDF)
    assert storage.store().get(f"uploads/diary/{w['t1'].id}/{'d' * 32}.pdf") == PDF
    assert entry.id


def test_an_attachment_is_stored_and_served_through_the_configured_backend(app, client, login_as, backend):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    db.session.flush()
    attachment = diary.add_attachment(entry, w["candidate1"], FileStorage(io.BytesIO(PDF), filename="brief.pdf"))
    db.session.commit()
    on_disk = list(Path(app.config["UPLOAD_DIR"]).rglob("*.pdf")) if Path(app.config["UPLOAD_DIR"]).exists() else []
    assert (len(on_disk) == 1) == (backend == "local") and (_rows() == 1) == (backend == "database")
    login_as(w["advisor1"])
    response = client.get(f"/dagboek/bijlage/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    login_as(w["advisor2"])  # not their candidate: the file is not there for them
    assert client.get(f"/dagboek/bijlage/{attachment.id}").status_code == 404
    login_as(w["employer1"])
    assert client.get(f"/dagboek/bijlage/{attachment.id}").status_code == 404


def test_a_stored_overview_reads_back_through_the_backend(app, backend):
    w = world()
    db.session.flush()
    relative = reports.store_content(w["t1"].id, "csv", b"a;b\r\n")
    assert relative.startswith(f"overviews/{w['t1'].id}/") and relative.endswith(".csv")
    assert storage.store().get(f"exports/{relative}") == b"a;b\r\n"
    assert Path(app.config["EXPORT_DIR"], relative).is_file() == (backend == "local")


def test_erasure_deletes_uploads_and_stored_overviews_through_the_backend(app, backend):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    other_entry = DiaryEntryFactory(trajectory=w["t2"])
    db.session.flush()
    mine = diary.add_attachment(entry, w["candidate1"], FileStorage(io.BytesIO(PDF), filename="a.pdf"))
    theirs = diary.add_attachment(other_entry, w["candidate2"], FileStorage(io.BytesIO(PDF), filename="b.pdf"))
    overview = reports.store_content(w["t1"].id, "pdf", PDF)
    db.session.flush()
    keys = {"mine": f"uploads/{mine.folder}/{mine.stored_name}", "theirs": f"uploads/{theirs.folder}/{theirs.stored_name}",
            "overview": f"exports/{overview}"}
    files = storage.store()
    assert all(files.exists(k) for k in keys.values())
    counts = privacy.erase_person(w["candidate1"], reason="request")
    db.session.commit()
    assert counts["diary_attachments"] == 1
    assert not files.exists(keys["mine"]) and not files.exists(keys["overview"])
    assert files.exists(keys["theirs"])  # another person's file stays


def test_data_download_carries_files_from_the_database_backend(app, client, login_as):
    app.config["FILE_STORAGE"] = "database"
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    db.session.flush()
    attachment = diary.add_attachment(entry, w["candidate1"], FileStorage(io.BytesIO(PDF), filename="a.pdf"))
    db.session.commit()
    login_as(w["candidate1"])
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(client.get("/mijn-gegevens/download").data))
    assert archive.read(f"bestanden/{attachment.folder}/{attachment.stored_name}") == PDF


def test_copy_files_moves_the_local_folders_into_the_database(app, runner):
    app.config["FILE_STORAGE"] = "local"
    local = storage.store()
    local.put("uploads/diary/3/" + "e" * 32 + ".pdf", PDF)
    local.put("exports/overviews/3/" + "f" * 32 + ".pdf", b"%PDF overview")
    result = runner.invoke(args=["copy-files", "--to", "database"])
    assert result.exit_code == 0 and "2 bestanden" in result.output
    app.config["FILE_STORAGE"] = "database"
    assert storage.store().get("uploads/diary/3/" + "e" * 32 + ".pdf") == PDF
    assert storage.store().get("exports/overviews/3/" + "f" * 32 + ".pdf") == b"%PDF overview"
    assert "0 bestanden" in runner.invoke(args=["copy-files", "--to", "database"]).output  # nothing twice


def test_the_migration_carries_files_into_the_database_when_configured(tmp_path):
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal import create_app
    from portal.config import PROJECT_ROOT
    from tests.conftest import scratch_database

    migrations = str(PROJECT_ROOT / "migrations")
    previous = ScriptDirectory(migrations).get_revision("0026").down_revision
    uploads, exports = tmp_path / "uploads", tmp_path / "exports"
    (uploads / "diary" / "1").mkdir(parents=True)
    (uploads / "diary" / "1" / ("a" * 32 + ".pdf")).write_bytes(PDF)
    (exports / "overviews" / "1").mkdir(parents=True)
    (exports / "overviews" / "1" / ("b" * 32 + ".csv")).write_bytes(b"x;y")
    with scratch_database(tmp_path) as (url, options):
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                          "FILE_STORAGE": "database", "UPLOAD_DIR": str(uploads), "EXPORT_DIR": str(exports)})
        with app.app_context():
            upgrade(directory=migrations, revision=previous)
            upgrade(directory=migrations, revision="0026")
            with db.engine.connect() as conn:
                rows = dict(conn.execute(text("SELECT key, data FROM stored_files")).all())
            assert rows == {f"uploads/diary/1/{'a' * 32}.pdf": PDF, f"exports/overviews/1/{'b' * 32}.csv": b"x;y"}
            assert storage.store().get(f"uploads/diary/1/{'a' * 32}.pdf") == PDF
            db.session.remove()
            db.engine.dispose()
