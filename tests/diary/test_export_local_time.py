"""Issue 24: the diary export says when an entry was recorded in local time, like the screens,
and the JSON download is labelled for people."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from portal.diary import exchange
from portal.diary import services as diary
from portal.extensions import db
from tests.factories import TrajectoryFactory


def test_vastgelegd_op_is_dutch_local_time_in_summer_and_winter(app):
    t = TrajectoryFactory()
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1),
                               kind="application_letter", organisation="Bakkerij")
    db.session.commit()
    entry.created_at = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    assert exchange.export_row(entry)["vastgelegd_op"] == "2026-07-01 12:30"
    entry.created_at = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    assert exchange.export_row(entry)["vastgelegd_op"] == "2026-01-16 00:30"
    entry.created_at = None
    assert exchange.export_row(entry)["vastgelegd_op"] == ""


def test_json_button_is_labelled_for_people(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    page = client.get("/dagboek").get_data(as_text=True)
    assert "Alle gegevens (voor een ander systeem)</a>" in page and ">JSON</a>" not in page
