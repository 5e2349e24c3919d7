"""Rubrics: criteria with levels in the content, scored in the review, shown with the feedback."""

from __future__ import annotations

import textwrap

import pytest

from portal.extensions import db
from portal.learning import services
from portal.learning.content import get_library, load_library, reload_library
from portal.learning.models import Submission
from portal.learning.rules import score_rubric
from tests.factories import world
from tests.learning.conftest import hand_in, write_module

RUBRIC_LESSON = """\
    ---
    slug: brief
    title: Een brief
    order: 1
    minutes: 10
    assignment:
      slug: brief-opdracht
      title: Schrijf een brief
      due_week: 3
      submit: text
      instructions: Schrijf een brief.
      rubric:
        - criterion: Aansluiting
          levels:
            - label: Nog niet
              description: De eisen komen niet terug.
            - label: Goed
              description: Elke eis komt terug met een voorbeeld.
        - criterion: Toon
          levels:
            - label: Nog niet
              description: Te formeel.
            - label: Op weg
              description: Soms te formeel.
            - label: Goed
              description: In eigen woorden.
    ---
    Les.
    """
MODULE = """\
    ---
    slug: brieven
    title: Brieven
    summary: Brieven schrijven.
    order: 3
    minutes: 10
    version: 1
    ---
    Intro.
    """


@pytest.fixture
def rubric_assignment(content_dir):
    write_module(content_dir, "brieven", {"module.md": MODULE, "01-brief.md": RUBRIC_LESSON})
    reload_library()
    return get_library().assignment("brief-opdracht")


def test_the_rubric_is_read_from_the_content(rubric_assignment):
    assert [c.title for c in rubric_assignment.rubric] == ["Aansluiting", "Toon"]
    assert [level.label for level in rubric_assignment.rubric[1].levels] == ["Nog niet", "Op weg", "Goed"]


@pytest.mark.parametrize("rubric, message", [
    ("rubric: []", "lijst van criteria"),
    ("rubric:\n        - levels: []", "geen 'criterion'"),
    ("rubric:\n        - criterion: Toon\n          levels:\n            - label: Goed\n              description: x",
     "minstens twee"),
    ("rubric:\n        - criterion: Toon\n          levels:\n            - label: Goed\n            - label: Slecht",
     "'label' en een 'description'"),
])
def test_a_broken_rubric_is_reported_with_its_file(tmp_path, rubric, message):
    lesson = textwrap.dedent(RUBRIC_LESSON)
    start = lesson.index("  rubric:")
    lesson = lesson[:start] + "  " + rubric + "\n---\nLes.\n"
    write_module(tmp_path, "brieven", {"module.md": MODULE, "01-brief.md": lesson})
    library = load_library(tmp_path)
    assert library.assignment("brief-opdracht") is None
    assert any(message in error.message and "01-brief.md" in error.path for error in library.errors), library.errors


def test_scoring_keeps_the_wording_and_names_what_is_missing(rubric_assignment):
    scores, missing = score_rubric(rubric_assignment.rubric, {1: 2})
    assert missing == [0]
    assert scores == [{"criterion": "Toon", "level": "Goed", "description": "In eigen woorden.", "rank": 3,
                       "levels": ["Nog niet", "Op weg", "Goed"]}]
    assert score_rubric(rubric_assignment.rubric, {0: 5, 1: 0})[1] == [0]  # a level that does not exist


def test_approving_needs_every_criterion_scored_and_keeps_what_was_ticked(client, login_as, rubric_assignment):
    w = world()
    submission = hand_in(w["t1"], rubric_assignment, "Geachte heer,")
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/trajecten/{w['t1'].id}/leren/brief-opdracht").get_data(as_text=True)
    assert "Aansluiting" in page and "Elke eis komt terug met een voorbeeld." in page
    html = client.post(f"/inzendingen/{submission.id}/beoordelen",
                       data={"feedback": "Sterk begin.", "rubric-1": "1", "approve": "1"}).get_data(as_text=True)
    assert "Kies bij elk criterium van de rubric een niveau" in html
    assert 'id="rubric-1-1" value="1" aria-describedby="rubric-1-1-uitleg" checked' in html and "Sterk begin." in html
    db.session.refresh(submission)
    assert submission.status == "submitted"
    response = client.post(f"/inzendingen/{submission.id}/beoordelen",
                           data={"feedback": "Sterk begin.", "rubric-0": "1", "rubric-1": "1", "approve": "1"})
    assert response.status_code == 302
    db.session.refresh(submission)
    assert submission.status == "approved"
    assert [(s["criterion"], s["level"]) for s in submission.rubric_scores] == [("Aansluiting", "Goed"), ("Toon", "Op weg")]


def test_sending_back_does_not_need_the_rubric(client, login_as, rubric_assignment):
    w = world()
    submission = hand_in(w["t1"], rubric_assignment)
    db.session.commit()
    login_as(w["advisor1"])
    client.post(f"/inzendingen/{submission.id}/beoordelen", data={"feedback": "Lever de brief zelf in.", "revise": "1"})
    db.session.refresh(submission)
    assert submission.status == "needs_revision" and submission.rubric_scores is None


def test_the_candidate_sees_the_scored_rubric_with_the_feedback_and_it_stays_after_content_changes(
        client, login_as, auth, rubric_assignment, content_dir):
    w = world()
    submission = hand_in(w["t1"], rubric_assignment)
    db.session.flush()
    scores, _ = score_rubric(rubric_assignment.rubric, {0: 0, 1: 2})
    services.review(submission, w["advisor1"], True, "Mooi.", rubric_scores=scores)
    db.session.commit()
    # The bureau rewrites the rubric afterwards: what the candidate was told stays.
    write_module(content_dir, "brieven", {"01-brief.md": RUBRIC_LESSON.replace("Aansluiting", "Vacature")})
    reload_library()
    login_as(w["candidate1"])
    page = client.get("/leren/opdrachten/brief-opdracht").get_data(as_text=True)
    assert "Aansluiting" in page and "De eisen komen niet terug." in page and "In eigen woorden." in page
    assert "(1 van 2)" in page and "(3 van 3)" in page and "Mooi." in page


def test_after_a_review_the_next_submission_in_the_queue_opens(client, login_as, assignment, library):
    w = world()
    first = hand_in(w["t1"], assignment)
    other = library.assignment("beide-opdracht")
    hand_in(w["t1"], other)
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/inzendingen/{first.id}/beoordelen", data={"feedback": "", "approve": "1"})
    assert response.headers["Location"].endswith(f"/trajecten/{w['t1'].id}/leren/beide-opdracht")
    assert "Volgende inzending" in client.get(response.headers["Location"]).get_data(as_text=True)
    last = db.session.query(Submission).filter_by(status="submitted").one()
    response = client.post(f"/inzendingen/{last.id}/beoordelen", data={"feedback": "Goed.", "approve": "1"})
    assert response.headers["Location"].endswith("/beoordelen")
    assert "alle inzendingen beoordeeld" in client.get("/beoordelen").get_data(as_text=True)


def test_feedback_is_not_called_optional_where_a_send_back_needs_it(client, login_as, assignment):
    w = world()
    hand_in(w["t1"], assignment)
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/trajecten/{w['t1'].id}/leren/tekst-opdracht").get_data(as_text=True)
    label = page[page.index('for="feedback"'):][:200]
    assert "nodig bij" in label and "optioneel" not in label


def test_no_demo_candidate_hands_in_another_candidates_personal_data(demo, real_content):
    from sqlalchemy import select

    from portal.trajectory.models import Trajectory

    people = {t.candidate_id: t.candidate for t in db.session.scalars(select(Trajectory))}
    submissions = db.session.scalars(select(Submission)).all()
    assert submissions
    for submission in submissions:
        for candidate_id, person in people.items():
            if candidate_id != submission.trajectory.candidate_id:
                assert person.name not in submission.text and person.email not in submission.text, (
                    submission.trajectory.candidate.name, person.name)
    cvs = [s for s in submissions if s.work.assignment_slug == "cv-eerste-versie"]
    assert cvs and all(s.trajectory.candidate.name in s.text for s in cvs)
