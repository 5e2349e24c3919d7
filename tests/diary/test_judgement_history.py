"""Judgements are history: a changed week judgement or low-week reason is appended, the newest counts."""

from __future__ import annotations

from datetime import date, timedelta

from portal.casefile.evidence import load_evidence
from portal.casefile.overview import build_overview
from portal.diary import services as diary
from portal.domain.weeks import Week
from portal.extensions import db
from tests.factories import TrajectoryFactory, UserFactory


def test_reviews_and_reasons_keep_their_history(app, client, login_as):
    t = TrajectoryFactory(spoor2_start=date.today() - timedelta(weeks=6))
    advisor = t.advisors[0]
    week = Week.of(date.today()).previous().previous()
    diary.set_week_reason(t, week, t.candidate, "Geen passende vacatures")
    diary.set_week_reason(t, week, t.candidate, "")  # withdrawn: not deleted from the history
    diary.set_week_reason(t, week, t.candidate, "Gesprek voorbereid")
    diary.review_week(t, week, advisor, False, "Te weinig")
    diary.review_week(t, week, advisor, True)
    db.session.commit()

    assert [r.reason for r in diary.reason_history(t, week)] == ["Gesprek voorbereid", "", "Geen passende vacatures"]
    assert [r.sufficient for r in diary.review_history(t, week)] == [True, False]
    row = next(w for w in load_evidence(t).weeks if w.week == week)
    assert row.judgement.sufficient is True and row.low_week_reason == "Gesprek voorbereid"  # the newest counts

    login_as(advisor)
    page = client.get(f"/trajecten/{t.id}/dagboek/{week.key}").get_data(as_text=True)
    assert "Eerdere beoordelingen (1)" in page and "Te weinig" in page
    assert "Eerder gegeven (2)" in page and "Geen passende vacatures" in page and "(ingetrokken)" in page

    with app.test_request_context():
        ov = build_overview(t, t.spoor2_start, date.today(), date.today())
    judged = {r["week"]: r for r in ov.section("judgements").rows}
    assert judged[week.key]["sufficient"] is True
    assert judged[week.key]["earlier_judgements"].startswith("onvoldoende op ")
    assert "Te weinig" not in str(ov.section("judgements").rows)  # no reasons in the employer's files


def test_saving_the_same_reason_again_adds_nothing(app):
    t = TrajectoryFactory()
    week = Week.of(date.today()).previous()
    diary.set_week_reason(t, week, t.candidate, "Ziek")
    diary.set_week_reason(t, week, t.candidate, "Ziek")
    diary.set_week_reason(t, week, UserFactory(), "")
    diary.set_week_reason(t, week, t.candidate, "")
    assert [r.reason for r in diary.reason_history(t, week)] == ["", "Ziek"]
