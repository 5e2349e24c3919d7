"""Evidence of effort through the one service, on hand-made weeks (pauses, New Year edges)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from portal.casefile.evidence import load_evidence, load_evidence_many
from portal.clock import LOCAL_TZ
from portal.diary.models import DiaryEntry, WeekReason
from portal.domain.weeks import Week
from portal.extensions import db
from tests.advisor.factories import AppointmentFactory
from tests.factories import PauseFactory, TrajectoryFactory


def entry(trajectory, day, kind="application_letter"):
    db.session.add(DiaryEntry(trajectory=trajectory, entry_date=day, kind=kind))


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)


def test_new_year_2026_iso_week_1_starts_in_december(app):
    # 29 Dec 2025 (Monday) .. 4 Jan 2026 is ISO week 2026-W01; 28 Dec 2025 is in 2025-W52.
    t = TrajectoryFactory(spoor2_start=date(2025, 12, 15), weekly_target=2)
    entry(t, date(2025, 12, 28))  # Sunday, 2025-W52
    entry(t, date(2025, 12, 29))  # Monday, 2026-W01
    entry(t, date(2025, 12, 31))  # 2026-W01
    entry(t, date(2026, 1, 1), "networking")  # 2026-W01
    entry(t, date(2026, 1, 4), "job_fair")  # Sunday, 2026-W01
    entry(t, date(2026, 1, 5))  # 2026-W02
    db.session.flush()
    ev = load_evidence(t, today=date(2026, 1, 20))
    by_key = {w.week.key: w for w in ev.weeks}
    assert list(by_key)[:4] == ["2025-W51", "2025-W52", "2026-W01", "2026-W02"]
    assert by_key["2025-W52"].applications == 1
    w01 = by_key["2026-W01"]
    assert w01.week.monday == date(2025, 12, 29)
    assert (w01.applications, w01.networking, w01.other_activities) == (2, 1, 1)
    assert w01.target_met and not w01.is_gap
    assert by_key["2026-W02"].applications == 1 and by_key["2026-W02"].is_gap


def test_year_with_week_53(app):
    # 2026 has 53 ISO weeks: 28 Dec 2026 .. 3 Jan 2027 is 2026-W53.
    t = TrajectoryFactory(spoor2_start=date(2026, 12, 21), weekly_target=1)
    entry(t, date(2027, 1, 2))
    entry(t, date(2027, 1, 4))
    db.session.flush()
    ev = load_evidence(t, today=date(2027, 1, 12))
    keys = [w.week.key for w in ev.weeks]
    assert keys == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    by_key = {w.week.key: w for w in ev.weeks}
    assert by_key["2026-W53"].applications == 1 and by_key["2027-W01"].applications == 1
    assert by_key["2026-W52"].is_gap
    assert not by_key["2027-W02"].complete  # the running week is never judged


def test_pause_over_new_year_and_partial_pause_week(app):
    t = TrajectoryFactory(spoor2_start=date(2025, 12, 1), weekly_target=2)
    # Pause from Friday 19 Dec 2025 to Tuesday 6 Jan 2026: W51 (Friday), W52, W01, W02 paused.
    PauseFactory(trajectory=t, start_date=date(2025, 12, 19), end_date=date(2026, 1, 6))
    entry(t, date(2025, 12, 22))  # an application in a pause still counts, the week is still paused
    db.session.flush()
    ev = load_evidence(t, today=date(2026, 1, 26))
    paused = [w.week.key for w in ev.weeks if w.paused]
    assert paused == ["2025-W51", "2025-W52", "2026-W01", "2026-W02"]
    assert all(w.target_met is None and not w.is_gap for w in ev.paused_weeks)
    assert ev.totals["applications"] == 1
    assert ev.totals["weeks_paused"] == 4
    gaps = [w.week.key for w in ev.gaps]
    assert gaps == ["2025-W49", "2025-W50", "2026-W03", "2026-W04"]


def test_weekend_only_pause_does_not_pause_the_week(app):
    t = TrajectoryFactory(spoor2_start=date(2026, 3, 2), weekly_target=1)
    PauseFactory(trajectory=t, start_date=date(2026, 3, 7), end_date=date(2026, 3, 8))
    db.session.flush()
    ev = load_evidence(t, today=date(2026, 3, 16))
    assert not ev.weeks[0].paused and ev.weeks[0].is_gap


def test_reason_explains_a_low_week_and_contacts_are_counted(app):
    t = TrajectoryFactory(spoor2_start=date(2026, 1, 5), weekly_target=2)
    db.session.add(WeekReason(trajectory_id=t.id, week_monday=date(2026, 1, 5), reason="Sollicitatiegesprek voorbereid"))
    AppointmentFactory(trajectory=t, starts_at=at(date(2026, 1, 6)))
    AppointmentFactory(trajectory=t, starts_at=at(date(2026, 1, 13)), status="cancelled")  # not a contact
    AppointmentFactory(trajectory=t, starts_at=at(date(2026, 1, 14)), status="no_show")  # not a contact
    # Late on Sunday evening local time is still that Sunday (UTC would already be Monday in summer; here 23:30 CET).
    AppointmentFactory(trajectory=t, starts_at=at(date(2026, 1, 18), 23))
    db.session.flush()
    ev = load_evidence(t, today=date(2026, 1, 26))
    w1, w2, w3 = ev.weeks[:3]
    assert w1.low_week_reason and not w1.is_gap and w1.contacts == 1
    assert w2.contacts == 1  # the Sunday 23:00 contact, not the cancelled or missed ones
    assert w3.contacts == 0
    assert ev.totals["contacts"] == 2
    assert ev.totals["gaps"] == 2


def test_four_week_blocks_and_totals(app):
    t = TrajectoryFactory(spoor2_start=date(2026, 2, 2), weekly_target=2)
    week = Week.of(date(2026, 2, 2))
    for _ in range(8):
        entry(t, week.monday + timedelta(days=1))
        week = week.next()
    db.session.flush()
    ev = load_evidence(t, today=date(2026, 3, 30))  # a Monday: the running week has just begun
    blocks = ev.four_week_blocks()
    assert [(b[2], b[3]) for b in blocks] == [(4, 8), (4, 8), (0, 2)]
    assert ev.totals["weeks_counted"] == 8 and ev.totals["target_sum"] == 16


def test_many_clips_to_not_before_without_touching_own_period(app):
    a = TrajectoryFactory(spoor2_start=date(2025, 1, 6))
    b = TrajectoryFactory(spoor2_start=date(2026, 3, 2))
    entry(a, date(2025, 2, 3))
    entry(a, date(2026, 3, 3))
    db.session.flush()
    entry(a, date(2026, 2, 3))  # Tuesday, before not_before but in its week: counted whole
    db.session.flush()
    result = load_evidence_many([a, b], today=date(2026, 3, 16), not_before=date(2026, 2, 4))
    assert result[a.id].weeks[0].week.monday == date(2026, 2, 2)
    assert result[a.id].totals["applications"] == 2
    assert result[b.id].weeks[0].week.monday == date(2026, 3, 2)
