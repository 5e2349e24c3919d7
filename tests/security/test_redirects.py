"""A `next` value never sends anyone off the site, however it is spelled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.diary import services as diary
from portal.extensions import db
from tests.factories import TrajectoryFactory
from tests.jobs.factories import VacancyFactory

OFF_SITE = ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\\/evil.example", "https://evil.example/", "/%5Cevil.example",
            "\\\\evil.example", " //evil.example"]


def _stays_on_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\")) and "\\" not in location


@pytest.mark.parametrize("target", OFF_SITE)
def test_diary_move_next_stays_on_site(client, login_as, target):
    t = TrajectoryFactory()
    login_as(t.candidate)
    entry = diary.create_entry(t, t.candidate, entry_date=date.today() - timedelta(days=1), kind="application_letter",
                               organisation="Zorggroep", position="Planner", status="sent")
    db.session.commit()
    response = client.post(f"/dagboek/activiteit/{entry.id}/status", data={
        "status": "invited", "changed_on": date.today().isoformat(), "next": target})
    assert response.status_code == 302
    assert _stays_on_site(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_job_save_next_stays_on_site(client, login_as, target):
    t = TrajectoryFactory()
    vacancy = VacancyFactory(title="Conciërge")
    db.session.commit()
    login_as(t.candidate)
    response = client.post(f"/vacatures/{vacancy.id}/bewaren", data={"next": target})
    assert response.status_code == 302
    assert _stays_on_site(response.headers["Location"]), response.headers["Location"]
