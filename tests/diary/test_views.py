"""What people do on the diary pages: add, edit, move, attach, review, and who may see what."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from portal.diary import services as diary
from portal.diary.models import Attachment, DiaryEntry, WeekReview
from portal.domain.weeks import Week
from portal.extensions import db
from tests.diary.factories import DiaryEntryFactory
from tests.factories import TrajectoryFactory, world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _count():
    return db.session.query(DiaryEntry).count()


def test_candidate_adds_entry_with_defaults_and_sees_progress(client, login_as):
    t = TrajectoryFactory(weekly_target=4)
    DiaryEntryFactory(trajectory=t, channel="werk_nl", method="online_form", entry_date=date.today())
    login_as(t.candidate)
    page = client.get("/dagboek/nieuw").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in page
    assert '<option selected value="werk_nl">' not in page and '<option selected value="">Kies…' in page
    page = client.get("/dagboek/nieuw?soort=application_letter").get_data(as_text=True)
    assert '<option selected value="werk_nl">' in page and '<option selected value="online_form">' in page
    response = client.post("/dagboek/nieuw", data={
        "entry_date": date.today().isoformat(), "kind": "open_application", "organisation": "Bakkerij Jansen",
        "status": "sent", "fits_capacity": "ja",
    }, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 van 4 sollicitaties deze week" in body
    assert "Bakkerij Jansen" in body
    entry = db.session.query(DiaryEntry).filter_by(organisation="Bakkerij Jansen").one()
    assert entry.author_id == t.candidate_id and entry.fits_capacity is True


def test_validation_error_keeps_typed_input(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    response = client.post("/dagboek/nieuw", data={
        "entry_date": date.today().isoformat(), "kind": "application_letter", "organisation": "",
        "position": "Receptionist in het ziekenhuis", "place": "Tiel", "notes": "Gebeld met Karin",
        "external_url": "niet-een-link", "status": "sent",
    })
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul de naam van de organisatie in." in body
    assert "Vul een volledige link in" in body
    assert 'value="Receptionist in het ziekenhuis"' in body and "Gebeld met Karin" in body
    assert 'value="niet-een-link"' in body
    assert _count() == 0


def test_edit_move_and_history_page(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = date.today() - timedelta(days=1)
    entry = diary.create_entry(t, t.candidate, entry_date=day, kind="application_letter",
                               organisation="Zorggroep", position="Planner", status="sent")
    db.session.commit()
    response = client.post(f"/dagboek/activiteit/{entry.id}/bewerken", data={
        "entry_date": day.isoformat(), "kind": "application_letter", "organisation": "Zorggroep",
        "position": "Roosterplanner", "status": "sent", "fits_capacity": "",
    })
    assert response.status_code == 302
    response = client.post(f"/dagboek/activiteit/{entry.id}/status", data={
        "status": "invited", "changed_on": date.today().isoformat(), "next": "/dagboek?weergave=bord"})
    assert response.headers["Location"].endswith("/dagboek?weergave=bord")
    assert client.post(f"/dagboek/activiteit/{entry.id}/status", data={
        "status": "invited", "changed_on": date.today().isoformat(), "next": "//evil.example"}
    ).headers["Location"] == f"/dagboek/activiteit/{entry.id}"
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "Roosterplanner" in page and "Planner" in page  # old and new value in the history
    assert "Uitgenodigd" in page and "Gewijzigd" in page
    board = client.get("/dagboek?weergave=bord").get_data(as_text=True)
    assert 'id="col-invited"' in board and "Zorggroep" in board


def test_locked_entry_redirects_to_addendum(client, login_as):
    t = TrajectoryFactory()
    week = Week.of(date.today()).previous()
    entry = DiaryEntryFactory(trajectory=t, entry_date=week.monday)
    diary.review_week(t, week, t.advisors[0], sufficient=True)
    login_as(t.candidate)
    response = client.get(f"/dagboek/activiteit/{entry.id}/bewerken")
    assert response.headers["Location"].endswith(f"/dagboek/activiteit/{entry.id}/aanvulling")
    assert client.post(f"/dagboek/activiteit/{entry.id}/verwijderen").status_code == 302
    assert db.session.get(DiaryEntry, entry.id).deleted_at is None
    client.post(f"/dagboek/activiteit/{entry.id}/aanvulling", data={"text": "Het was per e-mail."})
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "Het was per e-mail." in page and "vastgezet" in page


def test_advisor_reviews_finished_week(client, login_as):
    t = TrajectoryFactory()
    advisor = t.advisors[0]
    last_week = Week.of(date.today()).previous()
    DiaryEntryFactory(trajectory=t, entry_date=last_week.monday)
    login_as(advisor)
    url = f"/trajecten/{t.id}/dagboek/{last_week.key}"
    body = client.post(url, data={"action": "review", "review-judgement": "insufficient", "review-reason": ""})
    assert "Geef een reden" in body.get_data(as_text=True)
    response = client.post(url, data={"action": "review", "review-judgement": "insufficient",
                                      "review-reason": "Eén sollicitatie, doel is twee"})
    assert response.status_code == 302
    review = db.session.query(WeekReview).one()
    assert not review.sufficient and review.reviewer_id == advisor.id
    this_week = Week.of(date.today()).key
    client.post(f"/trajecten/{t.id}/dagboek/{this_week}", data={"action": "review", "review-judgement": "sufficient"})
    assert db.session.query(WeekReview).count() == 1  # the running week cannot be reviewed


def test_candidate_gives_reason_and_cannot_review(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    week = Week.of(date.today()).previous()
    url = f"/trajecten/{t.id}/dagboek/{week.key}"
    assert client.post(url, data={"action": "review", "review-judgement": "sufficient"}).status_code == 404
    client.post(url, data={"action": "reason", "reason-reason": "Gesprek voorbereid"})
    assert diary.week_reasons_for([t.id])[t.id][week] == "Gesprek voorbereid"


@pytest.mark.parametrize("key", ["2026-53", "abc", "2026-W99", "2026-W00"])
def test_bad_week_keys_are_404(client, login_as, key):
    t = TrajectoryFactory()
    login_as(t.candidate)
    assert client.get(f"/trajecten/{t.id}/dagboek/{key}").status_code == 404


def test_bad_query_parameters_never_break(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    for query in ("?pagina=abc", "?pagina=-4", "?week=nonsense&soort=xx&status=yy", "?weergave=bord&week=2026-W99",
                  "?q=%25%27"):
        assert client.get("/dagboek" + query).status_code == 200, query
    assert client.get("/dagboek?pagina=999").status_code == 404


def test_attachment_checked_by_content_and_served_as_download(client, login_as):
    t = TrajectoryFactory()
    entry = DiaryEntryFactory(trajectory=t)
    login_as(t.candidate)
    bad = client.post(f"/dagboek/activiteit/{entry.id}/bijlage",
                      data={"attachment": (io.BytesIO(b"<html><script>x</script>"), "brief.pdf")})
    assert "Dit soort bestand kan niet" in bad.get_data(as_text=True)
    client.post(f"/dagboek/activiteit/{entry.id}/bijlage", data={"attachment": (io.BytesIO(PDF), "brief.pdf")})
    item = db.session.query(Attachment).one()
    assert item.folder == f"diary/{t.id}"
    response = client.get(f"/dagboek/bijlage/{item.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    assert client.get("/dagboek/bijlage/99999").status_code == 404


def test_home_panel_shows_progress_and_follow_ups(client, login_as):
    t = TrajectoryFactory(weekly_target=3)
    DiaryEntryFactory(trajectory=t, organisation="Opvolgbedrijf", entry_date=date.today() - timedelta(days=10),
                      follow_up_on=date.today())
    login_as(t.candidate)
    body = client.get("/home").get_data(as_text=True)
    assert "Dagboek deze week" in body and "Opvolgbedrijf" in body and "van 3 sollicitaties" in body
    assert 'href="/dagboek"' in body


# --- the access matrix --------------------------------------------------------------------

def _setup():
    w = world()
    week = Week.of(date.today()).previous()
    entry = DiaryEntryFactory(trajectory=w["t1"], entry_date=week.monday)
    db.session.flush()
    attachment = Attachment(entry=entry, folder=f"diary/{w['t1'].id}", stored_name="0" * 32 + ".pdf",
                            original_name="brief.pdf", content_type="application/pdf", size=1, sha256="x")
    db.session.add(attachment)
    db.session.commit()
    return w, entry, attachment, week


READERS = {"candidate1", "advisor1", "admin"}
ALL = ["candidate1", "candidate2", "advisor1", "advisor2", "employer1", "employer2", "admin"]


@pytest.mark.parametrize("who", ALL)
def test_access_matrix_reading(client, login_as, who):
    w, entry, attachment, week = _setup()
    login_as(w[who])
    t1 = w["t1"].id
    expected = 200 if who in READERS else 404
    for url in (f"/dagboek/activiteit/{entry.id}", f"/trajecten/{t1}/dagboek", f"/trajecten/{t1}/dagboek/{week.key}",
                f"/trajecten/{t1}/dagboek/export.csv", f"/trajecten/{t1}/dagboek/export.json"):
        assert client.get(url).status_code == expected, url
    # the attachment: related readers reach it (the test file is not on disk: still 404), strangers 404
    assert client.get(f"/dagboek/bijlage/{attachment.id}").status_code == 404
    assert client.get(f"/trajecten/{t1}/dagboek/importeren").status_code == (
        200 if who in {"candidate1", "advisor1"} else 404)


@pytest.mark.parametrize("who", ["candidate2", "advisor1", "advisor2", "employer1", "admin"])
def test_only_own_candidate_writes(client, login_as, who):
    w, entry, attachment, week = _setup()
    login_as(w[who])
    assert client.post(f"/dagboek/activiteit/{entry.id}/verwijderen").status_code == 404
    assert client.post(f"/dagboek/activiteit/{entry.id}/bewerken", data={"organisation": "X"}).status_code == 404
    assert client.post(f"/dagboek/activiteit/{entry.id}/status", data={"status": "hired"}).status_code == 404
    assert client.post(f"/dagboek/activiteit/{entry.id}/bijlage").status_code == 404
    if who != "candidate2":  # their own new-entry page is theirs
        assert client.get("/dagboek/nieuw").status_code == 404
    assert db.session.get(DiaryEntry, entry.id).deleted_at is None


def test_attachment_readable_by_trajectory_only(client, login_as):
    w, entry, _, _ = _setup()
    login_as(w["candidate1"])
    client.post(f"/dagboek/activiteit/{entry.id}/bijlage", data={"attachment": (io.BytesIO(PDF), "cv.pdf")})
    item = db.session.query(Attachment).filter_by(original_name="cv.pdf").one()
    client.post("/uitloggen")
    for who, status in [("advisor1", 200), ("candidate2", 404), ("advisor2", 404), ("employer1", 404),
                        ("employer2", 404)]:
        login_as(w[who])
        response = client.get(f"/dagboek/bijlage/{item.id}")
        assert response.status_code == status, who
        response.close()
        client.post("/uitloggen")


@pytest.mark.parametrize("who", ["employer1", "advisor1", "admin"])
def test_diary_menu_page_is_for_candidates(client, login_as, who):
    w = world()
    db.session.commit()
    login_as(w[who])
    assert client.get("/dagboek").status_code == 404


def test_deleted_entries_visible_to_advisor_only(client, login_as):
    w, entry, _, _ = _setup()
    other = DiaryEntryFactory(trajectory=w["t1"], organisation="Weggegooid B.V.", entry_date=date.today())
    diary.delete_entry(other, w["candidate1"])
    db.session.commit()
    login_as(w["candidate1"])
    assert client.get(f"/dagboek/activiteit/{other.id}").status_code == 404
    assert "Weggegooid" not in client.get("/dagboek?verwijderd=1").get_data(as_text=True)
    client.post("/uitloggen")
    login_as(w["advisor1"])
    assert client.get(f"/dagboek/activiteit/{other.id}").status_code == 200
    page = client.get(f"/trajecten/{w['t1'].id}/dagboek?verwijderd=1").get_data(as_text=True)
    assert "Weggegooid" in page and "Verwijderd" in page


def test_new_entry_never_prefills_from_another_candidates_pasted_vacancy(client, login_as):
    """Pasted vacancies belong to one trajectory: their id in ?vacature= must not leak them to others."""
    from portal.jobs.models import Vacancy

    w = world()
    private = Vacancy(title="Geheime functie", organisation="Andermans Werkgever", city="Zwolle",
                      source="geplakt", owner_trajectory_id=w["t2"].id)
    public = Vacancy(title="Open functie", organisation="Iedereen BV", city="Utrecht", source="handmatig")
    db.session.add_all([private, public])
    db.session.commit()
    login_as(w["candidate1"])
    page = client.get(f"/dagboek/nieuw?vacature={private.id}").get_data(as_text=True)
    assert "Andermans Werkgever" not in page and "Geheime functie" not in page
    assert "Iedereen BV" in client.get(f"/dagboek/nieuw?vacature={public.id}").get_data(as_text=True)
    client.post(f"/dagboek/nieuw?vacature={private.id}", data={
        "entry_date": (date.today() - timedelta(days=1)).isoformat(), "kind": "application_letter",
        "organisation": "Eigen", "position": "Planner", "status": "sent"})
    entry = db.session.query(DiaryEntry).filter_by(trajectory_id=w["t1"].id).one()
    assert entry.vacancy_id is None


def test_reviewed_week_refuses_new_attachments_and_points_to_an_addendum(client, login_as, app):
    """Issue 23: a reviewed week is evidence as judged; a file cannot be slipped in afterwards."""
    import os

    t = TrajectoryFactory()
    last_week = Week.of(date.today()).previous()
    entry = DiaryEntryFactory(trajectory=t, entry_date=last_week.monday)
    db.session.flush()
    diary.review_week(t, last_week, t.advisors[0], sufficient=True, reason="")
    db.session.commit()
    login_as(t.candidate)
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "er kunnen geen bijlagen meer bij" in page and "Bijlage toevoegen" not in page
    response = client.post(f"/dagboek/activiteit/{entry.id}/bijlage",
                           data={"attachment": (io.BytesIO(PDF), "brief.pdf")})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/activiteit/{entry.id}/aanvulling")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is al beoordeeld door je adviseur: er kunnen geen bijlagen meer bij" in page
    assert db.session.query(Attachment).count() == 0
    folder = os.path.join(app.config["UPLOAD_DIR"], f"diary/{t.id}")
    assert not os.path.isdir(folder) or os.listdir(folder) == []  # nothing stored on disk either
    with pytest.raises(diary.AttachmentLocked):
        diary.add_attachment(entry, t.candidate, None)
