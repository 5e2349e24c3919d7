"""Regression tests for the defects QA found in the diary (one test or more per defect)."""

from __future__ import annotations

import html
from datetime import date, timedelta

from portal.casefile.week_progress import week_progress
from portal.diary import services as diary
from portal.diary.exchange import export_csv
from portal.diary.models import DiaryEntry, EntryRevision
from portal.extensions import db
from tests.factories import TrajectoryFactory

NOTES = "Gebeld met P&O; salaris < 3000 & 'ok'\nVolgende stap: \"bellen\" <vrijdag>"


def _edit_data(entry, notes):
    return {
        "entry_date": entry.entry_date.isoformat(), "kind": entry.kind, "organisation": entry.organisation,
        "position": entry.position or "", "status": entry.status, "fits_capacity": "", "notes": notes,
    }


def _textarea(page: str) -> str:
    start = page.index('name="notes"')
    start = page.index(">", start) + 1
    return html.unescape(page[start:page.index("</textarea>", start)]).strip("\r\n")


def test_notes_round_trip_exactly_through_repeated_edits(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = date.today() - timedelta(days=1)
    response = client.post("/dagboek/nieuw", data={
        "entry_date": day.isoformat(), "kind": "application_letter", "organisation": "Zorggroep",
        "status": "sent", "notes": NOTES,
    })
    assert response.status_code == 302
    entry = db.session.query(DiaryEntry).filter_by(organisation="Zorggroep").one()
    for _ in range(3):
        page = client.get(f"/dagboek/activiteit/{entry.id}/bewerken").get_data(as_text=True)
        shown = _textarea(page)
        assert shown == NOTES
        assert client.post(f"/dagboek/activiteit/{entry.id}/bewerken", data=_edit_data(entry, shown)).status_code == 302
    # Saving unchanged text is no change: only the "created" revision exists.
    assert db.session.query(EntryRevision).filter_by(entry_id=entry.id).count() == 1
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "&amp;amp;" not in page and "P&amp;O" in page
    assert diary.notes_text(db.session.get(DiaryEntry, entry.id).notes_html) == NOTES
    exported = export_csv([db.session.get(DiaryEntry, entry.id)])
    assert "Gebeld met P&O; salaris < 3000 & 'ok'" in exported


def test_history_shows_notes_as_typed(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1),
                               kind="application_letter", organisation="Zorggroep", status="sent",
                               notes_html=diary.notes_html_from_text("P&O gebeld"))
    db.session.commit()
    client.post(f"/dagboek/activiteit/{entry.id}/bewerken", data=_edit_data(entry, "P&O gebeld\nsalaris < 3000"))
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    history = page[page.index('id="geschiedenis"'):]
    assert "P&amp;O gebeld" in history  # escaped once by Jinja, so the person reads "P&O"
    assert "&amp;amp;" not in history and "&amp;lt;" not in history


def test_import_notes_round_trip_with_export():
    html_notes = diary.notes_html_from_text(NOTES)
    assert diary.notes_text(html_notes) == NOTES
    assert diary.notes_html_from_text(diary.notes_text(html_notes)) == html_notes


def test_future_date_needs_status_planned(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    later = date.today() + timedelta(days=10)
    data = {"entry_date": later.isoformat(), "kind": "application_letter", "organisation": "Later BV",
            "status": "sent"}
    response = client.post("/dagboek/nieuw", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "alleen met de status ‘Gepland’" in body and 'value="Later BV"' in body
    assert db.session.query(DiaryEntry).count() == 0
    assert client.post("/dagboek/nieuw", data={**data, "status": "planned"}).status_code == 302
    entry = db.session.query(DiaryEntry).one()
    # Moving the planned application to "sent" while its date is still ahead is refused too.
    response = client.post(f"/dagboek/activiteit/{entry.id}/status",
                           data={"status": "sent", "changed_on": later.isoformat()})
    assert response.status_code == 200 and "alleen met de status ‘Gepland’" in response.get_data(as_text=True)
    assert db.session.get(DiaryEntry, entry.id).status == "planned"


def test_import_refuses_future_rows_that_are_not_planned(app):
    from portal.diary.exchange import parse_csv

    later = (date.today() + timedelta(days=5)).strftime("%d-%m-%Y")
    data = (f"datum;soort;organisatie;status\n{later};application_letter;A;Verstuurd\n"
            f"{later};application_letter;B;Gepland\n").encode()
    parsed = parse_csv(data, date.today())
    assert [line for line, _ in parsed.errors] == [2] and "toekomst" in parsed.errors[0][1]
    assert [fields["organisation"] for _, fields in parsed.rows] == ["B"]


def test_diary_opens_at_this_week_with_planned_entries_apart(client, login_as):
    from portal.domain.weeks import Week

    t = TrajectoryFactory()
    diary.create_entry(t, t.candidate, entry_date=date.today() + timedelta(weeks=6), kind="job_interview",
                       organisation="Toekomst BV", status="planned")
    db.session.commit()
    login_as(t.candidate)
    page = client.get("/dagboek").get_data(as_text=True)
    this_week, future = Week.of(date.today()), Week.of(date.today() + timedelta(weeks=6))
    assert f'id="w-{this_week.key}"' in page
    assert f'id="w-{future.key}"' not in page and f'id="w-{future.previous().key}"' not in page
    planned = page[page.index('id="gepland"'):page.index(f'id="w-{this_week.key}"')]
    assert "Toekomst BV" in planned


def test_search_looks_through_the_whole_diary_grouped_by_week(client, login_as):
    from portal.domain.weeks import Week

    t = TrajectoryFactory()
    long_ago = date.today() - timedelta(weeks=30)
    diary.create_entry(t, t.candidate, entry_date=long_ago, kind="application_letter",
                       organisation="Gemeente Utrecht", status="sent")
    diary.create_entry(t, t.candidate, entry_date=long_ago - timedelta(weeks=2), kind="networking",
                       organisation="Buurman", status="sent",
                       notes_html=diary.notes_html_from_text("Tip: vraag P&O van de gemeente"))
    diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1), kind="application_letter",
                       organisation="Bakkerij", status="sent")
    db.session.commit()
    login_as(t.candidate)
    page = client.get("/dagboek?q=gemeente").get_data(as_text=True)
    assert "Niets gevonden" not in page
    assert "Gemeente Utrecht" in page and "Buurman" in page and "Bakkerij" not in page
    assert f'id="w-{Week.of(long_ago).key}"' in page
    assert "Buurman" in client.get("/dagboek?q=P%26O").get_data(as_text=True)
    assert "Niets gevonden" in client.get("/dagboek?q=100%25").get_data(as_text=True)


def test_search_results_are_paged(client, login_as):
    from portal.diary.views import MATCHES_PER_PAGE

    t = TrajectoryFactory()
    start = date.today() - timedelta(weeks=40)
    for n in range(MATCHES_PER_PAGE + 3):
        diary.create_entry(t, t.candidate, entry_date=start + timedelta(days=n), kind="application_letter",
                           organisation=f"Zorg {n:03d}", status="sent")
    db.session.commit()
    login_as(t.candidate)
    first = client.get("/dagboek?q=zorg").get_data(as_text=True)
    assert "Zorg 052" in first and "Zorg 000" not in first and "Meer resultaten" in first
    second = client.get("/dagboek?q=zorg&pagina=2").get_data(as_text=True)
    assert "Zorg 000" in second and "Zorg 052" not in second
    assert client.get("/dagboek?q=zorg&pagina=3").status_code == 404


def test_planned_entries_are_no_evidence(app):
    from portal.casefile.evidence import load_evidence

    t = TrajectoryFactory(weekly_target=3)
    today = date.today()
    for status in ("sent", "planned", "planned"):
        diary.create_entry(t, t.candidate, entry_date=today, kind="application_letter",
                           organisation=f"Org {status}", status=status)
    db.session.flush()
    facts = diary.evidence_facts_for([t.id], today - timedelta(days=7), today + timedelta(days=7))[t.id]
    assert len(facts) == 1
    assert week_progress(t, today).sentence == "1 van 3 sollicitaties deze week"
    week = load_evidence(t, today, today, today=today).weeks[0]
    assert week.applications == 1


def test_new_entry_form_does_not_preset_another_kinds_channel(client, login_as):
    t = TrajectoryFactory()
    diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=2), kind="open_application",
                       organisation="Eerder", status="sent", channel="open", method="letter")
    db.session.commit()
    login_as(t.candidate)
    page = client.get("/dagboek/nieuw").get_data(as_text=True)
    assert '<option selected value="open">' not in page and '<option selected value="letter">' not in page
    page = client.get("/dagboek/nieuw?soort=application_letter").get_data(as_text=True)
    assert '<option selected value="open">' not in page and '<option selected value="letter">' not in page
    page = client.get("/dagboek/nieuw?soort=open_application").get_data(as_text=True)
    assert '<option selected value="open">' in page and '<option selected value="letter">' in page
    # Saving a letter application without touching the folded-away fields states no channel.
    client.post("/dagboek/nieuw", data={"entry_date": date.today().isoformat(), "kind": "application_letter",
                                        "organisation": "Nieuw", "status": "sent"})
    entry = db.session.query(DiaryEntry).filter_by(organisation="Nieuw").one()
    assert entry.channel == "" and entry.method == ""


def test_attachment_sizes_are_human_readable():
    from portal.diary.views import file_size

    assert file_size(200) == "200 bytes"
    assert file_size(1) == "1 byte"
    assert file_size(1536) == "1,5 kB"
    assert file_size(14 * 1024) == "14 kB"
    assert file_size(int(1.2 * 1024 * 1024)) == "1,2 MB"
    assert file_size(None) == "0 bytes"


def test_small_attachment_does_not_show_as_zero_kb(client, login_as):
    import io

    t = TrajectoryFactory()
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1),
                               kind="application_letter", organisation="Zorggroep", status="sent")
    db.session.commit()
    login_as(t.candidate)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    pdf += b"\n" * (200 - len(pdf))
    response = client.post(f"/dagboek/activiteit/{entry.id}/bijlage",
                           data={"attachment": (io.BytesIO(pdf), "brief.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/dagboek/activiteit/{entry.id}").get_data(as_text=True)
    assert "200 bytes" in page and "0 kB" not in page


def test_required_fields_are_not_labelled_optional(client, login_as):
    t = TrajectoryFactory()
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1),
                               kind="application_letter", organisation="Zorggroep", status="sent")
    db.session.commit()
    login_as(t.candidate)
    for url in (f"/dagboek/activiteit/{entry.id}", f"/dagboek/activiteit/{entry.id}/status"):
        page = client.get(url).get_data(as_text=True)
        label = page[page.index('for="status"'):]
        assert "Nieuwe status</label> <span" not in label[:120] and "(optioneel)" not in label[:120]
    page = client.get("/dagboek/nieuw").get_data(as_text=True)
    label = page[page.index('for="status"'):]
    assert "(optioneel)" not in label[:100]
    assert "(optioneel)" in page[page.index('for="notes"'):][:100]  # truly optional fields keep it


def test_conditionally_required_review_reason_is_not_labelled_optional(client, login_as):
    from portal.domain.weeks import Week

    t = TrajectoryFactory()
    login_as(t.advisors[0])
    page = client.get(f"/trajecten/{t.id}/dagboek/{Week.of(date.today()).previous().key}").get_data(as_text=True)
    label = page[page.index('for="review-reason"'):]
    assert "(optioneel)" not in label[:100]


def test_board_has_its_own_scroll_area_and_week_filter_is_a_labelled_select(client, login_as):
    from pathlib import Path

    from portal.domain.weeks import Week

    t = TrajectoryFactory()
    diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(weeks=3), kind="application_letter",
                       organisation="Zorggroep", status="sent")
    db.session.commit()
    login_as(t.candidate)
    page = client.get("/dagboek?weergave=bord").get_data(as_text=True)
    assert page.index('class="diary-board-scroll"') < page.index('class="board diary-board"')
    assert '<label for="f-week">Week</label><select id="f-week" name="week">' in page
    assert 'type="week"' not in page
    old_week = Week.of(date.today() - timedelta(weeks=3))
    assert f'<option value="{old_week.key}"' in page
    chosen = client.get(f"/dagboek?week={old_week.key}").get_data(as_text=True)
    assert f'<option value="{old_week.key}" selected' in chosen and "Zorggroep" in chosen
    css = Path("portal/static/css/diary.css").read_text()
    assert ".diary-board-scroll { overflow-x: auto;" in css and "min-width: 0" in css
