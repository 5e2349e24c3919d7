"""Optimistic concurrency on every edit form of shared data (issue 23).

Each test opens one form twice from the same starting version (two people, or two tabs),
saves the first, then the second: the second is refused (nothing written), the page shows
what is stored now next to what was typed, and the typed text is still in the form. Saving
the re-rendered form again (it now carries the stored version) goes through: nothing lost.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.advisor.models import Appointment, Note
from portal.diary import services as diary
from portal.diary.models import DiaryEntry
from portal.extensions import db
from portal.plan import services as plan_services
from portal.reports.models import OverviewSummary
from tests.advisor.factories import AppointmentFactory, NoteFactory
from tests.factories import TrajectoryFactory, world
from tests.security.crawl import page_forms

STALE = "Iemand anders heeft dit intussen gewijzigd"


def form_values(html: str, having: str) -> dict[str, str]:
    """The values of the page's first post form that has a field named `having`."""
    for form in page_forms(html):
        values = form.values()
        if having in values:
            return values
    raise AssertionError(f"no form with {having!r}")


def _two_edits(client, url: str, field: str, first: str, second: str, post_url: str | None = None):
    """Open `url` twice, save `first` then `second` into `field`; returns the refused page and its form."""
    page = client.get(url).get_data(as_text=True)
    opened = form_values(page, field)
    assert opened.get("version"), "the edit form carries its version"
    assert client.post(post_url or url, data={**opened, field: first}).status_code == 302
    refused = client.post(post_url or url, data={**opened, field: second})
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert STALE in html
    assert first in html and second in html  # both versions shown
    again = form_values(html, field)
    assert again[field].strip() == second  # what the person typed is kept in the form
    assert again["version"] != opened["version"]  # now on the stored version
    return again


def test_diary_entry_second_stale_save_is_refused_and_kept(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1),
                               kind="application_letter", organisation="Zorggroep", position="Planner",
                               status="sent")
    db.session.commit()
    url = f"/dagboek/activiteit/{entry.id}/bewerken"
    again = _two_edits(client, url, "position", "Roosterplanner", "Teamplanner")
    db.session.expire_all()
    assert db.session.get(DiaryEntry, entry.id).position == "Roosterplanner"  # the refused save wrote nothing
    assert client.post(url, data=again).status_code == 302
    db.session.expire_all()
    stored = db.session.get(DiaryEntry, entry.id)
    assert stored.position == "Teamplanner"
    assert [r.changes["position"] for r in stored.revisions if r.changes and "position" in r.changes][-2:] == [
        ["Planner", "Roosterplanner"], ["Roosterplanner", "Teamplanner"]]  # both edits in the history


def test_note_second_stale_save_is_refused_and_kept(client, login_as):
    w = world()
    note = NoteFactory(trajectory=w["t1"], visibility="internal", body="Eerste gesprek")
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/notities/{note.id}"
    again = _two_edits(client, url, "body", "Eerste gesprek, goed", "Eerste gesprek, twijfel")
    db.session.expire_all()
    assert db.session.get(Note, note.id).body == "Eerste gesprek, goed"
    assert client.post(url, data=again).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Note, note.id)
    assert stored.body == "Eerste gesprek, twijfel"
    assert [v.body for v in stored.versions] == ["Eerste gesprek, goed", "Eerste gesprek"]


def test_appointment_second_stale_save_is_refused_and_kept(client, login_as):
    w = world()
    appointment = AppointmentFactory(trajectory=w["t1"], agreements="Drie brieven per week")
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/afspraken/{appointment.id}"
    again = _two_edits(client, url, "agreements", "Twee brieven per week", "Vier brieven per week")
    db.session.expire_all()
    assert db.session.get(Appointment, appointment.id).agreements == "Twee brieven per week"
    assert client.post(url, data=again).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Appointment, appointment.id)
    assert stored.agreements == "Vier brieven per week"
    assert [v.agreements for v in stored.versions] == ["Twee brieven per week", "Drie brieven per week"]


def test_plan_draft_on_an_older_version_is_refused_and_kept(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    t = w["t1"]
    url = f"/trajecten/{t.id}/plan/nieuw"
    again = _two_edits(client, url, "goals", "Werk als planner", "Werk in de zorg")
    db.session.expire_all()
    latest = plan_services.latest_version(t)
    assert (latest.number, latest.goals) == (1, "Werk als planner")  # the refused draft wrote nothing
    # A revision takes effect after the version it follows (a rule of the plan, not of concurrency).
    again["effective_from"] = (latest.effective_from + timedelta(days=7)).isoformat()
    again.update(change_summary="Ander doel", change_reason="Zorg past beter")  # it is a revision now
    response = client.post(url, data=again)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    latest = plan_services.latest_version(t)
    assert (latest.number, latest.goals) == (2, "Werk in de zorg")


def test_summary_draft_on_an_older_version_is_refused_and_kept(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    t = w["t1"]
    url = f"/trajecten/{t.id}/overzicht"
    post_url = f"/trajecten/{t.id}/overzicht/samenvatting"
    again = _two_edits(client, url, "text", "Zoekt actief.", "Zoekt breder.", post_url=post_url)
    assert [s.text for s in db.session.query(OverviewSummary).filter_by(trajectory_id=t.id)] == ["Zoekt actief."]
    assert client.post(post_url, data=again).status_code == 302
    texts = [s.text for s in db.session.query(OverviewSummary).filter_by(trajectory_id=t.id)
             .order_by(OverviewSummary.id)]
    assert texts == ["Zoekt actief.", "Zoekt breder."]


def test_a_save_that_races_past_the_check_writes_nothing(app):
    """The UPDATE itself checks the version: a row changed after it was read is not overwritten."""
    from sqlalchemy import update
    from sqlalchemy.orm.exc import StaleDataError

    t = TrajectoryFactory()
    note = NoteFactory(trajectory=t, body="Oud")
    db.session.commit()
    db.session.execute(update(Note).where(Note.id == note.id).values(body="Ander", version=Note.version + 1)
                       .execution_options(synchronize_session=False))
    note.body = "Mijn"  # this session still holds version 1
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
    else:  # pragma: no cover - the point of the test
        raise AssertionError("a stale UPDATE went through")
