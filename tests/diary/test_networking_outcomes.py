"""Networking conversations have their own outcomes; what counts as evidence does not change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.diary import exchange
from portal.diary import services as diary
from portal.diary.models import DiaryEntry
from portal.domain.activities import (
    NETWORKING_FROM_APPLICATION_STATUS,
    ApplicationStatus,
    NetworkingOutcome,
    default_status,
    outcomes_for,
    status_fits_kind,
    status_label,
)
from portal.domain.evidence import NETWORKING, counts_as_application, counts_as_evidence, evidence_kind
from portal.domain.weeks import Period
from portal.extensions import db
from tests.factories import TrajectoryFactory

TODAY = date(2026, 3, 20)
WINDOW = Period(date(2026, 1, 5), None)


def test_networking_has_its_own_outcomes_with_dutch_labels():
    assert outcomes_for("networking") is NetworkingOutcome
    assert outcomes_for("information_interview") is NetworkingOutcome
    assert outcomes_for("application_letter") is ApplicationStatus
    assert {o.label for o in NetworkingOutcome} >= {"Gesprek gehad", "Nieuw contact", "Doorverwezen", "Geen vervolg"}
    assert default_status("networking") == "talked" and default_status("open_application") == "sent"
    assert status_fits_kind("networking", "new_contact") and not status_fits_kind("networking", "offer")
    assert not status_fits_kind("application_letter", "new_contact")
    assert status_label("new_contact") == "Nieuw contact" and status_label("offer") == "Aanbod"
    # Every old status of a networking row has an outcome.
    assert set(NETWORKING_FROM_APPLICATION_STATUS) == {s.value for s in ApplicationStatus}


@pytest.mark.parametrize("outcome", list(NetworkingOutcome))
def test_outcomes_do_not_change_what_counts(outcome):
    day = date(2026, 2, 2)
    assert evidence_kind("networking") == NETWORKING
    assert counts_as_application("networking", day, outcome.value, WINDOW) is False
    # Planned is no evidence whatever the kind; every other outcome happened.
    assert counts_as_evidence(day, outcome.value, WINDOW) is (outcome != NetworkingOutcome.PLANNED)


def test_services_store_outcomes_and_refuse_a_pipeline_status(app):
    t = TrajectoryFactory()
    day = date.today() - timedelta(days=1)
    talk = diary.create_entry(t, t.candidate, entry_date=day, kind="networking", organisation="Oud-collega")
    old_caller = diary.create_entry(t, t.candidate, entry_date=day, kind="networking", organisation="Buurman",
                                    status="offer")
    db.session.commit()
    assert talk.status == "talked" and talk.status_label == "Gesprek gehad"
    assert old_caller.status == "referred"
    change = diary.move_entry(talk, t.candidate, "new_contact", date.today())
    assert change.to_label == "Nieuw contact" and change.from_label == "Gesprek gehad"
    with pytest.raises(ValueError):
        diary.move_entry(talk, t.candidate, "offer", date.today())
    with pytest.raises(diary.DiaryError):
        diary.update_entry(talk, t.candidate, status="hired")
    with pytest.raises(diary.DiaryError):
        diary.create_entry(t, t.candidate, entry_date=day, kind="application_letter", organisation="X",
                           status="new_contact")


def test_form_board_and_move_offer_outcomes(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = date.today().isoformat()
    page = client.get("/dagboek/nieuw").get_data(as_text=True)
    assert 'label="Netwerk- of informatiegesprek"' in page and "Nieuw contact" in page
    assert 'data-networking-kinds="information_interview networking"' in page
    response = client.post("/dagboek/nieuw", data={
        "entry_date": day, "kind": "networking", "organisation": "Oud-collega", "status": "new_contact"})
    assert response.status_code == 302
    # Without script the default "Verstuurd" stays selected: it becomes "Gesprek gehad".
    client.post("/dagboek/nieuw", data={"entry_date": day, "kind": "networking", "organisation": "Buurman",
                                        "status": "sent"})
    body = client.post("/dagboek/nieuw", data={"entry_date": day, "kind": "networking", "organisation": "Z",
                                               "status": "offer"}).get_data(as_text=True)
    assert "Kies een uitkomst van het gesprek" in body
    body = client.post("/dagboek/nieuw", data={"entry_date": day, "kind": "application_letter",
                                               "organisation": "Z", "status": "referred"}).get_data(as_text=True)
    assert "Kies een status van de sollicitatie" in body
    entries = {e.organisation: e for e in db.session.query(DiaryEntry)}
    assert set(entries) == {"Oud-collega", "Buurman"}
    assert entries["Oud-collega"].status == "new_contact" and entries["Buurman"].status == "talked"
    listing = client.get("/dagboek").get_data(as_text=True)
    assert "Nieuw contact" in listing and "Gesprek gehad" in listing
    show = client.get(f"/dagboek/activiteit/{entries['Oud-collega'].id}").get_data(as_text=True)
    assert "Verloop van het gesprek" in show and 'value="offer"' not in show and 'value="referred"' in show
    board = client.get("/dagboek?weergave=bord&soort=networking").get_data(as_text=True)
    assert 'id="col-new_contact"' in board and 'id="col-offer"' not in board
    assert 'id="col-offer"' in client.get("/dagboek?weergave=bord").get_data(as_text=True)
    assert "Nieuw contact" in client.get("/dagboek?status=new_contact").get_data(as_text=True)


def test_csv_import_and_export_use_outcomes():
    data = (b"Datum;Soort;Organisatie;Status\n"
            b"03-02-2026;Netwerkgesprek;Oud-collega;Nieuw contact\n"
            b"04-02-2026;Informatiegesprek;Gemeente;Verstuurd\n"
            b"05-02-2026;Netwerkgesprek;Buurman;\n")
    parsed = exchange.parse_csv(data, TODAY)
    assert parsed.errors == []
    assert [row["status"] for _, row in parsed.rows] == ["new_contact", "talked", "talked"]
    bad = exchange.parse_csv((b"Datum;Soort;Organisatie;Status\n"
                              b"03-02-2026;Open sollicitatie;X;Nieuw contact\n"
                              b"03-02-2026;Netwerkgesprek;X;Onzin\n"), TODAY)
    assert [line for line, _ in bad.errors] == [2, 3]


def test_export_row_labels_the_outcome(app):
    t = TrajectoryFactory()
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1), kind="networking",
                               organisation="Oud-collega", status="referred")
    db.session.commit()
    row = exchange.export_row(entry)
    assert row["status"] == "Doorverwezen" and row["telt_als_sollicitatie"] == "nee"
