"""The caseload dashboard: each signal, the order, filters, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from portal.clock import local_today
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from portal.trajectory.models import TrajectoryStatus
from tests.advisor.factories import AppointmentFactory, NoteFactory
from tests.factories import PauseFactory, TrajectoryFactory, UserFactory


def candidate(advisor, name, weeks=10, target=2, per_week=2, contact_days=7, status="active", kinds=None):
    """A trajectory with `per_week` applications in every finished week and one contact."""
    today = local_today()
    t = TrajectoryFactory(
        advisors=[advisor], weekly_target=target, status=status,
        spoor2_start=Week.of(today).monday - timedelta(weeks=weeks),
        candidate=UserFactory(candidate=True, name=name),
    )
    week = Week.of(t.spoor2_start)
    while week.sunday < today:
        for i in range(per_week):
            kind = (kinds or ["application_letter"])[i % len(kinds or ["application_letter"])]
            db.session.add(DiaryEntry(trajectory=t, entry_date=week.monday + timedelta(days=i % 5), kind=kind))
        week = week.next()
    if contact_days is not None:
        # At local noon, so the day count does not depend on the hour or daylight saving time.
        noon = datetime.combine(today - timedelta(days=contact_days), time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))
        AppointmentFactory(trajectory=t, starts_at=noon.astimezone(UTC))
    return t


def rows_of(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)


@pytest.fixture
def caseload(app, tmp_path):
    # No learning content: these tests look at the diary and contact signals alone
    # (test_overdue_assignments_turn_the_light_red covers the assignments).
    app.config["CONTENT_DIR"] = str(tmp_path / "no-content")
    advisor = UserFactory(advisor=True)
    people = {
        "good": candidate(advisor, "Anna Goed"),
        "below": candidate(advisor, "Bram Onder", target=3, per_week=2),
        "far_below": candidate(advisor, "Cor Ver", target=3, per_week=1),
        "idle": candidate(advisor, "Dirk Stil", per_week=0),
        "no_contact": candidate(advisor, "Eva Contactloos", contact_days=50),
        "never": candidate(advisor, "Fien Nooit", contact_days=None),
        "paused": candidate(advisor, "Gijs Pauze", per_week=0, status=TrajectoryStatus.PAUSED.value),
        "placed": candidate(advisor, "Hans Geplaatst", status=TrajectoryStatus.PLACED.value),
        "only_other": candidate(advisor, "Ilse Netwerk", per_week=2, kinds=["networking"]),
    }
    db.session.commit()
    return advisor, people


def test_every_signal_shows_with_its_reason(client, login_as, caseload):
    advisor, _ = caseload
    login_as(advisor)
    page = client.get("/adviseur").get_data(as_text=True)
    assert "Op koers: doel gehaald en recent contact" in page  # Anna
    assert "Onder doel: 8 van 12 sollicitaties in 4 weken" in page  # Bram
    assert "Ver onder doel: 4 van 12 sollicitaties in 4 weken" in page  # Cor
    assert "weken zonder enige activiteit" in page  # Dirk
    assert "50 dagen geen contact" in page  # Eva
    assert "Nog geen contact vastgelegd" in page  # Fien
    assert "Traject gepauzeerd" in page  # Gijs
    assert "Hans Geplaatst" not in page  # placed: not among the running trajectories
    assert "0 van 8 sollicitaties" in page  # Ilse: activities, but no application activity
    # The light explains itself on focus: a focusable light described by its reasons.
    assert re.search(r'class="light light-red" tabindex="0" aria-describedby="reden-\d+"', page)
    assert 'role="tooltip"' in page


def test_those_who_need_attention_come_first(client, login_as, caseload):
    advisor, _ = caseload
    login_as(advisor)
    names = rows_of(client.get("/adviseur").get_data(as_text=True))
    assert names.index("Dirk Stil") < names.index("Bram Onder") < names.index("Anna Goed")
    assert names[-1] == "Gijs Pauze"  # paused last: never shown as failure


def test_filters_and_sorting(client, login_as, caseload):
    advisor, _ = caseload
    login_as(advisor)
    assert rows_of(client.get("/adviseur?licht=groen").get_data(as_text=True)) == ["Anna Goed"]
    assert rows_of(client.get("/adviseur?licht=pauze").get_data(as_text=True)) == ["Gijs Pauze"]
    assert rows_of(client.get("/adviseur?status=afgerond").get_data(as_text=True)) == ["Hans Geplaatst"]
    assert rows_of(client.get("/adviseur?q=bram").get_data(as_text=True)) == ["Bram Onder"]
    names = rows_of(client.get("/adviseur?sorteer=naam").get_data(as_text=True))
    assert names == sorted(names)
    assert rows_of(client.get("/adviseur?sorteer=contact").get_data(as_text=True))[0] == "Fien Nooit"
    # Nonsense parameters fall back to the defaults.
    response = client.get("/adviseur?licht=paars&status=%00&sorteer=drop&q=" + "x" * 500)
    assert response.status_code == 200


def test_home_panel_summarises_the_caseload(client, login_as, caseload):
    advisor, _ = caseload
    login_as(advisor)
    page = client.get("/home").get_data(as_text=True)
    assert "Caseload" in page and "actie nodig" in page and "Dirk Stil" in page


def test_assignment_signals_when_learning_provides_them(client, login_as, caseload, monkeypatch):
    from dataclasses import dataclass

    from portal.learning import services as learning

    @dataclass
    class Signals:
        overdue: int
        waiting_review: int

    advisor, people = caseload
    anna = people["good"].id
    monkeypatch.setattr(learning, "assignment_signals_for",
                        lambda ids, today, **_: {tid: Signals(3 if tid == anna else 0, 1 if tid == anna else 0) for tid in ids},
                        raising=False)
    login_as(advisor)
    page = client.get("/adviseur").get_data(as_text=True)
    assert "3 opdrachten te laat" in page and "1 inzending wacht op beoordeling" in page
    assert rows_of(page).index("Anna Goed") < rows_of(page).index("Bram Onder")


def _history(advisor, count):
    for i in range(count):
        t = candidate(advisor, f"Kandidaat {i:03d}", weeks=30, per_week=3,
                      kinds=["application_letter", "networking", "job_fair"])
        PauseFactory(trajectory=t, start_date=t.spoor2_start + timedelta(weeks=3),
                     end_date=t.spoor2_start + timedelta(weeks=4))
        NoteFactory(trajectory=t, visibility="employer")
        AppointmentFactory(trajectory=t, status="planned", starts_at=datetime.now(UTC) + timedelta(days=5))


def _count_dashboard_queries(client) -> tuple[int, str]:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get("/adviseur").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), page


def test_query_count_does_not_grow_with_the_caseload(client, login_as, app):
    small, large = UserFactory(advisor=True), UserFactory(advisor=True)
    _history(small, 3)
    _history(large, 9)
    db.session.commit()
    login_as(small)
    small_count, small_page = _count_dashboard_queries(client)
    client.post("/uitloggen")
    login_as(large)
    large_count, large_page = _count_dashboard_queries(client)
    assert len(rows_of(small_page)) == 3 and len(rows_of(large_page)) == 9
    assert small_count == large_count, (small_count, large_count)


def test_overdue_assignments_turn_the_light_red(client, login_as):
    advisor = UserFactory(advisor=True)
    candidate(advisor, "Olga Opdracht")  # on target, but the curriculum's early assignments are overdue
    login_as(advisor)
    page = client.get("/adviseur").get_data(as_text=True)
    assert re.search(r"\d+ opdrachten te laat", page)
    assert rows_of(client.get("/adviseur?licht=rood").get_data(as_text=True)) == ["Olga Opdracht"]


def test_counts_after_signals_and_milestones_are_explained_in_words(client, login_as, caseload):
    advisor, _ = caseload
    login_as(advisor)
    page = client.get("/adviseur").get_data(as_text=True)
    assert "(+" not in page and "en nog 1 punt" in page  # Cor: one more reason than shown
    assert not re.search(r"plan van aanpak \(\d+\)", page)
    assert re.search(r"\d+e evaluatie plan van aanpak", page)
