"""Gap 3: restoring deleted entries, removing attachments softly, vacancy prefill with snapshot."""

import io
from datetime import date

from portal.diary import services as diary
from portal.diary.models import Attachment, DiaryEntry
from portal.extensions import db
from tests.diary.factories import DiaryEntryFactory
from tests.factories import world
from tests.jobs.factories import VacancyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_advisor_restores_a_deleted_entry(client, login_as):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    other = DiaryEntryFactory(trajectory=w["t2"])
    diary.delete_entry(entry, w["candidate1"])
    diary.delete_entry(other, w["candidate2"])
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "Terugzetten" in page
    assert client.post(f"/dagboek/activiteit/{other.id}/terugzetten").status_code == 404
    assert client.post(f"/dagboek/activiteit/{entry.id}/terugzetten").status_code == 302
    db.session.expire_all()
    assert db.session.get(DiaryEntry, entry.id).deleted_at is None
    assert db.session.get(DiaryEntry, other.id).deleted_at is not None
    assert [r.action for r in db.session.get(DiaryEntry, entry.id).revisions][-2:] == ["deleted", "restored"]
    assert "Teruggezet" in client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)


def test_candidate_and_employer_cannot_restore(client, login_as):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    diary.delete_entry(entry, w["candidate1"])
    db.session.commit()
    for user in ("candidate1", "employer1", "advisor2"):
        client.post("/uitloggen")
        login_as(w[user])
        assert client.post(f"/dagboek/activiteit/{entry.id}/terugzetten").status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(DiaryEntry, entry.id).deleted_at is not None


def test_candidate_removes_an_attachment_softly(client, login_as):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"], entry_date=date.today())
    db.session.commit()
    login_as(w["candidate1"])
    client.post(f"/dagboek/activiteit/{entry.id}/bijlage", data={"attachment": (io.BytesIO(PDF), "brief.pdf")})
    item = db.session.query(Attachment).one()
    assert "brief.pdf" in client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert client.post(f"/dagboek/bijlage/{item.id}/verwijderen").status_code == 302
    db.session.expire_all()
    item = db.session.get(Attachment, item.id)
    assert item.deleted_at is not None  # kept, hidden
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "Bijlage verwijderd" in page and f"/dagboek/bijlage/{item.id}\"" not in page
    assert client.get(f"/dagboek/bijlage/{item.id}").status_code == 404
    assert client.post(f"/dagboek/bijlage/{item.id}/verwijderen").status_code == 404


def test_attachment_removal_access_and_locked_weeks(client, login_as):
    w = world()
    entry = DiaryEntryFactory(trajectory=w["t1"])
    item = Attachment(entry=entry, folder=f"diary/{w['t1'].id}", stored_name="0" * 32 + ".pdf",
                      original_name="cv.pdf", content_type="application/pdf", size=10, sha256="0" * 64)
    db.session.add(item)
    db.session.commit()
    for user in ("candidate2", "advisor1", "employer1"):
        client.post("/uitloggen")
        login_as(w[user])
        assert client.post(f"/dagboek/bijlage/{item.id}/verwijderen").status_code in (403, 404)
    assert w["advisor1"].id and w["t1"].id  # load before the review is pending (autoflush)
    diary.review_week(w["t1"], entry.week, w["advisor1"], True)
    db.session.commit()
    client.post("/uitloggen")
    login_as(w["candidate1"])
    client.post(f"/dagboek/bijlage/{item.id}/verwijderen")
    db.session.expire_all()
    assert db.session.get(Attachment, item.id).deleted_at is None  # a reviewed week stays as it was


def _new_entry(client, vacancy_id, **extra):
    data = {"entry_date": date.today().isoformat(), "kind": "application_letter", "organisation": "Zorg BV",
            "status": "sent", "vacature": str(vacancy_id), **extra}
    return client.post(f"/dagboek/nieuw?vacature={vacancy_id}", data=data)


def test_vacancy_prefill_stores_link_and_snapshot(client, login_as):
    w = world()
    vacancy = VacancyFactory(title="Receptionist", organisation="Zorg BV")
    db.session.commit()
    login_as(w["candidate1"])
    form = client.get(f"/dagboek/nieuw?vacature={vacancy.id}").get_data(as_text=True)
    assert "Receptionist" in form and "Zorg BV" in form
    assert _new_entry(client, vacancy.id).status_code == 302
    entry = db.session.query(DiaryEntry).one()
    assert entry.vacancy_id == vacancy.id
    assert entry.vacancy_snapshot["title"] == "Receptionist"
    assert entry.vacancy_snapshot["organisation"] == "Zorg BV"


def test_vacancy_prefill_ignores_other_trajectories_private_vacancies_and_bad_ids(client, login_as):
    w = world()
    private = VacancyFactory(owner_trajectory_id=w["t2"].id)
    db.session.commit()
    login_as(w["candidate1"])
    assert client.get("/dagboek/nieuw?vacature=abc").status_code == 200
    assert client.get("/dagboek/nieuw?vacature=99999999999999999999").status_code == 200
    assert _new_entry(client, private.id).status_code == 302
    entry = db.session.query(DiaryEntry).one()
    assert entry.vacancy_id is None and entry.vacancy_snapshot is None
