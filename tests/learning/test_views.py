"""What people do: read, mark done, draft, hand in, upload, review; and who may see what."""

from __future__ import annotations

import io

import pytest

from portal.extensions import db
from portal.learning import services
from portal.learning.content import get_library
from portal.learning.models import Submission
from tests.factories import TrajectoryFactory, UserFactory, world
from tests.learning.conftest import hand_in
from tests.learning.factories import FeedbackSnippetFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_candidate_reads_marks_done_and_sees_progress(client, login_as):
    w = world()
    login_as(w["candidate1"])
    page = client.get("/leren").get_data(as_text=True)
    assert "Basis" in page and "0 van 2 lessen" in page
    assert client.get("/leren/basis/tekst").status_code == 200
    response = client.post("/leren/basis/tekst/klaar", data={"done": "1"})
    assert response.status_code == 302
    assert "1 van 2 lessen" in client.get("/leren").get_data(as_text=True)
    client.post("/leren/basis/tekst/klaar", data={"done": "0"})
    assert "0 van 2 lessen" in client.get("/leren").get_data(as_text=True)


def test_lesson_done_moves_on_and_undo_returns_to_the_button(client, login_as):
    w = world()
    login_as(w["candidate1"])
    page = client.get("/leren/basis/tekst").get_data(as_text=True)
    assert "Les klaar, naar de volgende les" in page and 'id="les-klaar"' in page
    response = client.post("/leren/basis/tekst/klaar", data={"done": "1"})
    assert response.headers["Location"].endswith("/leren/basis/bestand")
    flashed = client.get("/leren/basis/bestand").get_data(as_text=True)
    assert "Hier is de volgende les." in flashed and "Schrijf een tekst" in flashed
    assert "Les klaar, terug naar de module" in flashed
    response = client.post("/leren/basis/bestand/klaar", data={"done": "1"})
    assert response.headers["Location"].endswith("/leren/basis")
    response = client.post("/leren/basis/bestand/klaar", data={"done": "0"})
    assert response.headers["Location"].endswith("/leren/basis/bestand#les-klaar")


def test_module_bar_and_its_label_count_the_same(client, login_as):
    w = world()
    login_as(w["candidate1"])
    page = client.get("/leren/basis").get_data(as_text=True)
    assert '<progress max="4" value="0" aria-label="0 van 2 lessen klaar, 0 van 2 opdrachten goedgekeurd">' in page


def test_draft_without_js_then_submit_then_feedback_in_place(client, login_as, auth):
    w = world()
    login_as(w["candidate1"])
    response = client.post("/leren/opdrachten/tekst-opdracht", data={"text": "Eerste zin.", "save": "1"})
    assert response.status_code == 302
    assert "Eerste zin." in client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    response = client.post("/leren/opdrachten/tekst-opdracht", data={"text": "Drie zinnen.", "submit": "1"})
    assert response.status_code == 302
    submission = db.session.query(Submission).one()
    assert submission.text == "Drie zinnen." and submission.content_version == "basis@3"

    auth.logout()
    login_as(w["advisor1"])
    assert "Schrijf een tekst" in client.get("/beoordelen").get_data(as_text=True)
    response = client.post(f"/inzendingen/{submission.id}/beoordelen",
                           data={"feedback": "Maak zin 2 **concreter**.", "revise": "1"})
    assert response.status_code == 302

    auth.logout()
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    assert "Nieuwe feedback" in home
    page = client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    assert "<strong>concreter</strong>" in page
    assert "Poging 2" in page  # the form for the next attempt
    assert "Nieuwe feedback" not in client.get("/home").get_data(as_text=True)
    client.post("/leren/opdrachten/tekst-opdracht", data={"text": "Drie betere zinnen.", "submit": "1"})
    work = services.work_for(w["t1"], get_library().assignment("tekst-opdracht"))
    assert [s.attempt for s in work.submissions] == [1, 2]


def test_failed_submit_keeps_what_was_typed(client, login_as):
    w = world()
    login_as(w["candidate1"])
    response = client.post("/leren/opdrachten/bestand-opdracht", data={"text": "", "submit": "1"})
    assert response.status_code == 200
    assert "Kies een bestand" in response.get_data(as_text=True)
    response = client.post("/leren/opdrachten/tekst-opdracht", data={"text": " ", "submit": "1"})
    assert response.status_code == 200
    assert "Schrijf je antwoord" in response.get_data(as_text=True)


def test_bad_upload_keeps_the_text_draft(client, login_as):
    w = world()
    login_as(w["candidate1"])
    response = client.post("/leren/opdrachten/beide-opdracht", data={
        "text": "Mijn toelichting", "submit": "1", "file": (io.BytesIO(b"MZ not allowed"), "virus.exe")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Dit soort bestand kan niet" in page and "Mijn toelichting" in page
    work = services.work_for(w["t1"], get_library().assignment("beide-opdracht"))
    assert work.draft_text == "Mijn toelichting" and work.submissions == []


def test_autosave_stores_the_draft_and_refuses_after_hand_in(client, login_as):
    w = world()
    login_as(w["candidate1"])
    response = client.post("/leren/opdrachten/tekst-opdracht/concept", data={"text": "Half af"})
    assert response.status_code == 200 and response.json["saved"] is True
    assert services.work_for(w["t1"], get_library().assignment("tekst-opdracht")).draft_text == "Half af"
    client.post("/leren/opdrachten/tekst-opdracht", data={"text": "Klaar", "submit": "1"})
    response = client.post("/leren/opdrachten/tekst-opdracht/concept", data={"text": "later"})
    assert response.status_code == 409
    assert client.post("/leren/opdrachten/bestaat-niet/concept", data={"text": "x"}).status_code == 404


def _upload(client):
    return client.post("/leren/opdrachten/bestand-opdracht", data={
        "submit": "1", "file": (io.BytesIO(PDF), "mijn cv.pdf")}, content_type="multipart/form-data")


def test_file_upload_and_download(client, login_as, app):
    w = world()
    login_as(w["candidate1"])
    assert _upload(client).status_code == 302
    submission = db.session.query(Submission).one()
    assert submission.file.original_name == "mijn cv.pdf"
    assert submission.file.folder == f"learning/{w['t1'].id}"
    response = client.get(f"/leren/bestanden/{submission.file_id}")
    try:
        assert response.status_code == 200 and response.data == PDF
        assert "attachment" in response.headers["Content-Disposition"]
    finally:
        response.close()


def test_review_page_compares_with_the_previous_attempt(client, login_as, assignment):
    w = world()
    first = hand_in(w["t1"], assignment, "een\ntwee")
    services.review(first, w["advisor1"], approve=False, feedback="Meer.")
    hand_in(w["t1"], assignment, "een\nTWEE\ndrie")
    login_as(w["advisor1"])
    page = client.get(f"/trajecten/{w['t1'].id}/leren/tekst-opdracht").get_data(as_text=True)
    assert 'class="diff-line diff-removed"' in page and 'class="diff-line diff-added"' in page
    assert "Poging 1" in page and "Meer." in page
    assert "style=" not in page


def test_snippets_are_managed_and_inserted_into_feedback(client, login_as, assignment):
    w = world()
    login_as(w["advisor1"])
    response = client.post("/beoordelen/fragmenten/tekst-opdracht",
                           data={"title": "Concreet", "body": "Geef een voorbeeld."})
    assert response.status_code == 302
    snippet = services.snippets_for(w["advisor1"], "tekst-opdracht")[0]
    submission = hand_in(w["t1"], assignment)
    page = client.get(f"/trajecten/{w['t1'].id}/leren/tekst-opdracht").get_data(as_text=True)
    assert "Geef een voorbeeld." in page
    client.post(f"/inzendingen/{submission.id}/beoordelen",
                data={"feedback": "Goed begin.", "snippets": [str(snippet.id)], "revise": "1"})
    db.session.refresh(submission)
    assert submission.feedback == "Goed begin.\n\nGeef een voorbeeld."
    assert client.post(f"/beoordelen/fragmenten/bewerken/{snippet.id}",
                       data={"title": "Concreet!", "body": "Nieuw"}).status_code == 302
    assert client.post(f"/beoordelen/fragmenten/verwijderen/{snippet.id}").status_code == 302
    assert services.snippets_for(w["advisor1"], "tekst-opdracht") == []


def test_claim_is_visible_to_the_co_advisor_and_blocks_their_review(client, login_as, auth, assignment):
    a, b = UserFactory(advisor=True), UserFactory(advisor=True)
    t = TrajectoryFactory(advisors=[a, b])
    submission = hand_in(t, assignment)
    login_as(a)
    client.post(f"/inzendingen/{submission.id}/claimen")
    auth.logout()
    login_as(b)
    assert a.name in client.get("/beoordelen").get_data(as_text=True)
    page = client.get(f"/trajecten/{t.id}/leren/tekst-opdracht").get_data(as_text=True)
    assert f"{a.name} heeft deze inzending in behandeling" in page
    client.post(f"/inzendingen/{submission.id}/beoordelen", data={"feedback": "", "approve": "1"})
    db.session.refresh(submission)
    assert submission.status == "submitted"
    auth.logout()
    login_as(a)
    client.post(f"/inzendingen/{submission.id}/vrijgeven")
    db.session.refresh(submission)
    assert submission.claimed_by_id is None


def test_home_panels(client, login_as, auth, assignment):
    w = world()
    hand_in(w["t1"], assignment)
    login_as(w["advisor1"])
    page = client.get("/home").get_data(as_text=True)
    assert "Beoordelen" in page and "wachten op feedback" in page
    auth.logout()
    login_as(w["candidate2"])
    assert "Leren" in client.get("/home").get_data(as_text=True)


# --- access: role x endpoint x whose object -> status ------------------------------------

@pytest.fixture
def objects(assignment, file_assignment):
    w = world()
    text = hand_in(w["t1"], assignment, "geheim werk van kandidaat 1")
    stored = services.store_file(w["t1"], _fake_stored(w["t1"]), w["candidate1"])
    upload = services.submit(w["t1"], file_assignment, w["candidate1"], "", stored)
    snippet = FeedbackSnippetFactory(advisor_id=w["advisor1"].id)
    db.session.flush()
    return w, {"t": w["t1"].id, "s": text.id, "f": upload.file_id, "snip": snippet.id}


def _fake_stored(trajectory):
    from flask import current_app

    from portal.uploads import StoredFile, path_for

    stored = StoredFile(f"learning/{trajectory.id}", "0" * 32 + ".pdf", "cv.pdf", "application/pdf", len(PDF), "x")
    path = path_for(stored.folder, stored.stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    assert current_app
    return stored


MATRIX = [
    # method, url, {user: status}; users not named answer 404
    ("get", "/trajecten/{t}/leren", {"advisor1": 200, "admin": 200}),
    ("get", "/trajecten/{t}/leren/tekst-opdracht", {"advisor1": 200, "admin": 200, "candidate1": 302}),
    ("get", "/leren/bestanden/{f}", {"advisor1": 200, "admin": 200, "candidate1": 200}),
    ("post", "/inzendingen/{s}/claimen", {"advisor1": 302}),
    ("post", "/inzendingen/{s}/vrijgeven", {"advisor1": 302}),
    ("post", "/inzendingen/{s}/beoordelen", {"advisor1": 200}),
    ("get", "/beoordelen/fragmenten/bewerken/{snip}", {"advisor1": 200}),
    ("post", "/beoordelen/fragmenten/verwijderen/{snip}", {"advisor1": 302}),
    ("get", "/beoordelen", {"advisor1": 200, "advisor2": 200}),
    ("get", "/leren", {"advisor1": 200, "advisor2": 200, "admin": 200, "candidate1": 200, "candidate2": 200}),
    ("get", "/leren/opdrachten/tekst-opdracht", {"candidate1": 200, "candidate2": 200}),
]
USERS = ["candidate1", "candidate2", "advisor1", "advisor2", "employer1", "employer2", "admin"]


@pytest.mark.parametrize("user", USERS)
def test_access_matrix(client, login_as, objects, user):
    """Each role against trajectory 1's objects; POSTs run last so they do not change the GETs."""
    w, ids = objects
    login_as(w[user])
    for method, url, allowed in sorted(MATRIX, key=lambda row: row[0] == "post"):
        response = getattr(client, method)(url.format(**ids))
        response.close()
        assert response.status_code == allowed.get(user, 404), (user, method, url)


def test_candidates_never_see_each_others_work(client, login_as, objects):
    w, ids = objects
    login_as(w["candidate2"])
    page = client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    assert "geheim werk" not in page
    assert client.get(f"/leren/bestanden/{ids['f']}").status_code == 404


def test_employer_sees_progress_only_through_the_overview_service(client, login_as, objects):
    w, ids = objects
    login_as(w["employer1"])
    for url in ("/leren", f"/trajecten/{ids['t']}/leren", "/beoordelen", f"/leren/bestanden/{ids['f']}"):
        assert client.get(url).status_code == 404
    progress = services.progress_for_overview(w["t1"])
    assert {p.slug for p in progress} == {"basis", "verder"}
    assert "geheim" not in repr(progress)


def test_unknown_content_answers_404(client, login_as):
    w = world()
    login_as(w["candidate1"])
    for url in ("/leren/bestaat-niet", "/leren/basis/bestaat-niet", "/leren/opdrachten/bestaat-niet",
                "/leren/bestanden/999999"):
        assert client.get(url).status_code == 404


def test_demo_learning_work(real_content, demo):
    from portal.learning.models import FeedbackSnippet, LessonProgress

    ctx = demo
    assert all((db.session.query(Submission).count(), db.session.query(LessonProgress).count(),
                db.session.query(FeedbackSnippet).count()))
    sanne = services.work_for(ctx.main, get_library().assignment("cv-eerste-versie"))
    assert sanne.state == "needs_revision" and len(sanne.submissions) == 2
    assert services.review_queue(ctx.users["advisor"])


def test_candidate_sees_no_technical_content_version(client, login_as, auth):
    w = world()
    login_as(w["candidate1"])
    client.post("/leren/opdrachten/tekst-opdracht", data={"text": "Drie zinnen.", "submit": "1"})
    page = client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    assert "Ingeleverd op" in page
    assert "inhoudsversie" not in page and "basis@3" not in page
    assert "versie 3 van de opdracht" in page


def test_home_lists_at_most_five_new_feedbacks_with_titles_newest_first(client, login_as):
    from datetime import UTC, datetime, timedelta

    w = world()
    t, advisor = w["t1"], w["advisor1"]
    library = get_library()
    moment = datetime(2026, 1, 5, 10, tzinfo=UTC)
    for slug in ("tekst-opdracht", "beide-opdracht"):
        assignment = library.assignment(slug)
        for _ in range(3):
            submission = hand_in(t, assignment, at=moment)
            moment += timedelta(hours=1)
            services.review(submission, advisor, False, "Nog een keer.", at=moment)
            moment += timedelta(hours=1)
    db.session.commit()
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    panel = home[home.index("Nieuwe feedback"):]
    panel = panel[:panel.index("</div>")]
    assert panel.count("<li>") == 5
    assert "5 van 6" in panel and "alle opdrachten" in panel
    assert panel.count("Tekst en/of bestand") == 3 and panel.count("Schrijf een tekst") == 2
    assert panel.index("Tekst en/of bestand") < panel.index("Schrijf een tekst")  # newest first
    assert "(poging 1)" not in panel


def test_due_dates_are_phrased_the_same_way_when_overdue(client, login_as):
    w = world()
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    assert "(te laat)" in home and "· uiterlijk" in home  # an overdue one reads like the others
    assert "· was " not in home


def test_autosave_goes_through_the_form_filters_and_never_stores_nul(client, login_as):
    w = world()
    login_as(w["candidate1"])
    response = client.post("/leren/opdrachten/tekst-opdracht/concept", data={"text": "Half\x00 af\x00"})
    assert response.status_code == 200 and response.json["saved"] is True
    db.session.expire_all()
    assert services.work_for(w["t1"], get_library().assignment("tekst-opdracht")).draft_text == "Half af"
    too_long = client.post("/leren/opdrachten/tekst-opdracht/concept", data={"text": "x" * (services.MAX_TEXT + 1)})
    assert too_long.status_code == 400 and "te lang" in too_long.json["message"]


@pytest.mark.parametrize("decision, verdict", [({"revise": "1"}, "teruggestuurd"), ({"approve": "1"}, "goedgekeurd")])
def test_review_raises_one_feedback_notification_for_the_candidate(client, login_as, assignment, decision, verdict):
    from portal.mail.models import OutboxMessage
    from portal.timeline.models import Notification

    w = world()
    submission = hand_in(w["t1"], assignment)
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/inzendingen/{submission.id}/beoordelen", data={"feedback": "Prima begin.", **decision})
    assert response.status_code == 302
    (note,) = db.session.query(Notification).filter_by(kind="assignment_feedback").all()
    assert note.user_id == w["candidate1"].id and verdict in note.body
    assert note.url == "/leren/opdrachten/tekst-opdracht"
    assert db.session.query(OutboxMessage).filter_by(category="reminder:assignment_feedback").count() == 1
    # A second post on the reviewed attempt is refused and raises nothing more.
    client.post(f"/inzendingen/{submission.id}/beoordelen", data={"feedback": "Nog eens.", **decision})
    assert db.session.query(Notification).filter_by(kind="assignment_feedback").count() == 1
    # Reading the feedback on the assignment page resolves the notification.
    login_as(w["candidate1"])
    assert client.get("/leren/opdrachten/tekst-opdracht").status_code == 200
    db.session.expire_all()
    assert db.session.get(Notification, note.id).resolved
