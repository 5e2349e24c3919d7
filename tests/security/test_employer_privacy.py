"""An employer never sees what is not theirs to see, on any page, file or mail.

Every field an employer may never read (internal and candidate-only notes and their older
versions, intake and pre-intake answers, week reasons, review reasons, diary notes and contact
details, attachments, addenda, learning work and feedback, appointment reports, recommendations,
unshared summaries, internal reasons) is seeded with its own marker. Then every GET route of the
app is crawled as the employer contact of that trajectory, with every id of the trajectory's rows,
plus every overview download (PDF as its HTML, CSV, XLSX) and the reminder mails: no marker may appear.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

from werkzeug.datastructures import FileStorage

from portal.extensions import db
from portal.privacy.services import collect
from tests.factories import world
from tests.queued import download_pdf
from tests.security.crawl import build, routes

FORMATS = ("pdf", "csv", "xlsx")


def _marker(name: str) -> str:
    return f"zzgeheim{name.replace('_', '')}zz"


def _seed(w) -> dict[str, str]:
    """Fill every never-for-the-employer field of trajectory one with a marker; returns name -> marker."""
    from portal.advisor import services as advisor
    from portal.advisor.models import Appointment, Note
    from portal.diary import services as diary
    from portal.diary.models import DiaryEntry
    from portal.domain.weeks import Week
    from portal.plan.models import Intake, PreIntake
    from portal.reports.models import OverviewSummary
    from portal.timeline.models import Notification
    from portal.timeline.services import record_milestone

    t, candidate, advisor_user = w["t1"], w["candidate1"], w["advisor1"]
    markers: dict[str, str] = {}

    def m(name: str) -> str:
        markers[name] = _marker(name)
        return markers[name]

    today = date.today()
    reviewed = Week.of(today - timedelta(weeks=3))
    entry = DiaryEntry(
        trajectory=t, author_id=candidate.id, entry_date=reviewed.monday, kind="application_letter",
        organisation="Bakkerij De Korenaar", position="Verkoper", status="sent", channel="job_board",
        method="email", notes_html=f"<p>{m('diary_notes')}</p>", contact_person=m("contact_person"),
        external_url=f"https://example.org/{m('external_url')}",
    )
    db.session.add(entry)
    db.session.flush()
    pdf = FileStorage(io.BytesIO(b"%PDF-1.4\n% test\n"), filename=f"{m('attachment_name')}.pdf")
    diary.add_attachment(entry, candidate, pdf)
    diary.add_addendum(entry, candidate, m("addendum"))
    diary.set_week_reason(t, reviewed, candidate, m("week_reason"))
    diary.review_week(t, reviewed, advisor_user, False, m("review_reason"))
    low = Week.of(today - timedelta(weeks=2))
    diary.set_week_reason(t, low, candidate, m("open_week_reason"))

    for visibility in ("internal", "candidate"):
        db.session.add(Note(trajectory=t, author_id=advisor_user.id, visibility=visibility,
                            body=m(f"note_{visibility}")))
    shared = Note(trajectory=t, author_id=advisor_user.id, visibility="internal", body=m("note_old_version"))
    db.session.add(shared)
    db.session.flush()
    advisor.edit_note(shared, advisor_user, "Goede voortgang met solliciteren.", "employer")

    db.session.add(Appointment(
        trajectory=t, advisor_id=advisor_user.id, kind="coaching", status="held",
        starts_at=datetime.now(UTC) - timedelta(days=9), duration_minutes=60,
        location=m("location"), goal=m("goal"), participants=m("participants"),
        agreements=m("agreements"), next_step=m("next_step"),
    ))
    db.session.add(Intake(trajectory_id=t.id, intake_on=today, **{
        name: m(f"intake_{name}") for name in
        ("situation", "wishes", "work_history", "education", "capacity_limitations", "job_directions")
    }))
    db.session.add(PreIntake(trajectory_id=t.id, submitted_at=datetime.now(UTC), **{
        name: m(f"preintake_{name}") for name in
        ("about_me", "work_wishes", "strengths", "experience", "practical", "questions")
    }))
    db.session.add(OverviewSummary(trajectory_id=t.id, author_id=advisor_user.id, text=m("draft_summary")))
    advisor.update_trajectory_data(t, advisor_user, m("change_reason"), planned_end=t.planned_end + timedelta(days=7))
    record_milestone(t, "problem_analysis", t.first_sick_day + timedelta(weeks=5), advisor_user, m("milestone_note"))
    t.late_start_reason = m("late_start_reason")
    for user in (candidate, advisor_user):
        db.session.add(Notification(user_id=user.id, kind="follow_up", title=m(f"notification_{user.role}"),
                                    body=m(f"notification_body_{user.role}"), url="/"))
    _seed_learning(t, candidate, advisor_user, m)
    _seed_recommendation(t, advisor_user, m)
    db.session.commit()
    return markers


def _seed_learning(t, candidate, advisor_user, m) -> None:
    from portal.learning import services as learning
    from portal.learning.content import get_library

    assignments = [a for a in get_library().assignments if a.wants_text]
    first, second = assignments[0], assignments[1]
    submission = learning.submit(t, first, candidate, m("submission_text") + " " + "woord " * 60)
    submission.feedback = m("feedback")
    learning.save_draft(t, second, candidate, m("draft_text"))


def _seed_recommendation(t, advisor_user, m) -> None:
    from portal.jobs import services as jobs
    from portal.jobs.models import Vacancy

    vacancy = Vacancy(title="Magazijnmedewerker", organisation="Logistiek BV", city="Utrecht", source="handmatig",
                      status="open", posted_on=date.today())
    db.session.add(vacancy)
    db.session.flush()
    jobs.recommend(t, vacancy, advisor_user, m("recommendation_note"))


def _text_of(response) -> str:
    data = response.get_data()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _ids_of_trajectory(w) -> list[int]:
    found = collect({w["candidate1"].id}, {w["t1"].id})
    ids = set()
    for table, rows in found.owned.items():
        pk = list(db.metadata.tables[table].primary_key.columns)
        if len(pk) == 1:
            ids.update(row[pk[0].name] for row in rows)
    return sorted(i for i in ids if isinstance(i, int))[:40]


def test_no_employer_page_file_or_mail_shows_private_fields(app, client, login_as, runner, monkeypatch):
    from portal.domain.weeks import Week
    from portal.reports import render

    # The PDF is rendered from HTML; search that HTML (the PDF's text streams are compressed).
    monkeypatch.setattr(render, "to_pdf", lambda overview, html=None: (html or render.to_html(overview)).encode())
    w = world()
    markers = _seed(w)
    employer = login_as(w["employer1"])
    ids = _ids_of_trajectory(w)
    weeks = [Week.of(date.today() - timedelta(weeks=n)).key for n in range(1, 5)]
    leaks, fetched = [], 0

    def check(url, response):
        if response.status_code != 200:
            return
        text = _text_of(response)
        leaks.extend(f"{url}: {name}" for name, marker in markers.items() if marker in text)

    for rule, ints, others in routes(app):
        if "GET" not in rule.methods:
            continue
        other_values = [{}]
        for name in others:
            options = FORMATS if name == "fmt" else weeks if name == "week" else ("x",)
            other_values = [dict(v, **{name: o}) for v in other_values for o in options]
        int_values = [{}]
        for name in ints:
            options = [w["t1"].id] if name == "trajectory_id" else ids
            int_values = [dict(v, **{name: o}) for v in int_values for o in options]
        for values in [dict(a, **b) for a in int_values for b in other_values]:
            url = build(app, rule, values)
            if url is None:
                continue
            response = client.get(url)
            fetched += 1
            check(url, response)

    for fmt in FORMATS:
        url = f"/trajecten/{w['t1'].id}/overzicht"
        data = {"format": fmt, "start": w["t1"].spoor2_start.isoformat(), "end": date.today().isoformat()}
        response = download_pdf(client, url, data) if fmt == "pdf" else client.post(url, data=data)
        assert response.status_code == 200 and response.mimetype != "text/html", fmt
        check(f"POST {url} {fmt}", response)

    result = runner.invoke(args=["send-reminders", "--no-deliver"])
    assert result.exit_code == 0, result.output
    from sqlalchemy import select

    from portal.mail.models import OutboxMessage
    from portal.timeline.models import Notification

    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == employer.email)):
        text = f"{message.subject} {message.body_text} {message.body_html}"
        leaks.extend(f"mail {message.subject}: {n}" for n, mk in markers.items() if mk in text)
    for note in db.session.scalars(select(Notification).where(Notification.user_id == employer.id)):
        leaks.extend(f"notification: {n}" for n, mk in markers.items() if mk in f"{note.title} {note.body}")

    assert fetched > 50
    assert leaks == [], "\n".join(sorted(set(leaks)))


def test_the_markers_are_visible_to_the_advisor(app, client, login_as):
    """The crawl can fail: the same seeding shows the internal fields on the advisor's own pages."""
    w = world()
    markers = _seed(w)
    login_as(w["advisor1"])
    pages = [f"/adviseur/trajecten/{w['t1'].id}", f"/trajecten/{w['t1'].id}/intake"]
    text = "".join(client.get(p).get_data(as_text=True) for p in pages)
    for name in ("note_internal", "goal", "agreements", "intake_situation", "preintake_about_me"):
        assert markers[name] in text, name
