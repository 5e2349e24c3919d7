"""Offers and second interviews up front: the caseload, the advisor's home, the candidate file."""

from __future__ import annotations

from datetime import timedelta

from portal.casefile.caseload import caseload_rows, good_news
from portal.clock import local_today
from portal.diary.models import DiaryEntry, StatusChange
from portal.domain.activities import funnel
from portal.extensions import db
from tests.factories import TrajectoryFactory, world


def _application(t, days_ago: int, status: str, organisation: str, history=(), deleted=False) -> DiaryEntry:
    today = local_today()
    entry = DiaryEntry(trajectory_id=t.id, author_id=t.candidate_id, entry_date=today - timedelta(days=days_ago),
                       kind="application_letter", organisation=organisation, status=status)
    if deleted:
        from portal.db_types import utcnow

        entry.deleted_at = utcnow()
    db.session.add(entry)
    db.session.flush()
    for old, new, ago in history:
        db.session.add(StatusChange(entry_id=entry.id, from_status=old, to_status=new,
                                    changed_on=today - timedelta(days=ago)))
    return entry


def test_funnel_counts_the_stages_each_application_reached():
    stages = funnel([["sent"], ["sent", "interview", "rejected"], ["planned"], ["offer", "sent", "interview"]])
    assert stages == [("Verstuurd", 3), ("Gesprek", 2), ("Aanbod", 1)]


def test_caseload_and_home_show_the_offer_with_its_day_and_next_step(client, login_as):
    w = world()
    t = w["t1"]
    _application(t, 20, "offer", "Zorgwaard", [("sent", "interview", 10), ("interview", "offer", 2)])
    _application(t, 15, "second_interview", "Bakkerij", [("sent", "second_interview", 4)])
    _application(t, 15, "offer", "Verwijderd BV", deleted=True)
    _application(w["t2"], 5, "offer", "Ander Traject")
    db.session.commit()
    rows = caseload_rows(w["advisor1"], local_today())
    (row,) = rows
    assert [n.organisation for n in row.good_news] == ["Zorgwaard", "Bakkerij"]  # the offer first
    assert row.good_news[0].since == local_today() - timedelta(days=2)
    assert "belastbaarheidsprofiel" in row.good_news[0].next_step
    assert [news.organisation for _, news in good_news(rows)] == ["Zorgwaard"]
    login_as(w["advisor1"])
    for url in ("/adviseur", "/home"):
        page = client.get(url).get_data(as_text=True)
        assert "Aanbod bij Zorgwaard" in page and "Volgende stap" in page, url
        assert "Ander Traject" not in page and "Verwijderd BV" not in page
    login_as(w["advisor2"])
    assert "Zorgwaard" not in client.get("/adviseur").get_data(as_text=True)


def test_candidate_file_shows_the_funnel_and_the_advisor_sees_stale_counts(client, login_as):
    t = TrajectoryFactory()
    _application(t, 40, "sent", "Stil BV")
    _application(t, 30, "rejected", "Nee BV", [("sent", "interview", 25), ("interview", "rejected", 20)])
    _application(t, 10, "offer", "Zorgwaard", [("sent", "offer", 3)])
    db.session.commit()
    login_as(t.advisors[0])
    page = client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    assert 'id="pijplijn"' in page
    stages = page[page.find('class="funnel"'):page.find("</ol>", page.find('class="funnel"'))]
    assert [s.split("</span>")[0] for s in stages.split('funnel-count">')[1:]] == ["3", "2", "1"]
    assert "1 sollicitatie al 14 dagen of langer zonder nieuws" in page
    dashboard = client.get("/adviseur").get_data(as_text=True)
    assert "1 sollicitatie zonder nieuws" in dashboard and "Aanbod bij Zorgwaard" in dashboard


def test_the_demo_caseload_shows_offers(demo, client, login_as):
    advisor = demo.users["advisor"]
    rows = caseload_rows(advisor, local_today())
    offers = [(row, news) for row, news in good_news(rows)]
    assert offers, "no demo candidate has good news"
    login_as(advisor)
    page = client.get("/adviseur").get_data(as_text=True)
    row, news = offers[0]
    assert f"{news.status_label} bij {news.organisation}" in page and row.trajectory.candidate.name in page
