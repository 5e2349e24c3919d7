"""Every surface states the same numbers, for random trajectories (issue 18).

Hypothesis draws a trajectory (start weekday, an initial target, plan versions that start
mid-week, pauses on any days, a close), and diary entries of every kind and status:
planned, deleted, duplicated, on week boundaries, before the spoor 2 start and across ISO
week 2026-W53. The evidence object, the caseload row, the employer's card, the overview's
CSV, XLSX and PDF text, and the diary export's `telt_als_sollicitatie` summed per week
must all agree.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.casefile.caseload import caseload_rows
from portal.casefile.employer import employer_rows
from portal.casefile.evidence import default_period, load_evidence
from portal.casefile.overview import build_overview
from portal.diary import exchange
from portal.diary.services import search_entries
from portal.domain.activities import ActivityKind
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.services import publish_version
from portal.reports.render import to_machine_csv, to_pdf, to_people_csv, to_xlsx
from portal.trajectory.models import TrajectoryStatus
from tests.factories import PauseFactory, TrajectoryFactory, UserFactory
from tests.reports.factories import WEASYPRINT_ERROR, entry, people_csv_tables
from tests.reports.test_overview_agreement import PDF_WEEK_LINE, WEEK_LABEL, YES_NO, _csv_rows, _pdf_text, _xlsx_sheets

FIRST_START = date(2026, 10, 1)  # starts drawn from here run into 2026-W53 (28 Dec - 3 Jan)
STATUSES = ["sent", "sent", "planned", "rejected", "interview", "no_response"]

trajectories = st.fixed_dictionaries({
    "start": st.integers(0, 100),  # days after FIRST_START: any weekday
    "length": st.integers(3, 70),  # days from the start to "today"
    "initial_target": st.integers(0, 4),
    "versions": st.lists(st.tuples(st.integers(0, 70), st.integers(0, 4)), max_size=3),
    "pauses": st.lists(st.tuples(st.integers(-5, 70), st.integers(0, 12)), max_size=2),
    "closed_before_today": st.one_of(st.none(), st.integers(0, 20)),
    "entries": st.lists(st.fixed_dictionaries({
        "offset": st.integers(-10, 75),  # days after the start (negative: before spoor 2)
        "kind": st.sampled_from([k.value for k in ActivityKind]),
        "status": st.sampled_from(STATUSES),
        "deleted": st.booleans(),
        "copies": st.integers(1, 2),  # a duplicate: the same activity twice
    }), max_size=14),
})


def _build(spec: dict):
    start = FIRST_START + timedelta(days=spec["start"])
    today = start + timedelta(days=spec["length"])
    advisor = UserFactory(advisor=True)
    t = TrajectoryFactory(spoor2_start=start, first_sick_day=start - timedelta(weeks=60),
                          planned_end=start + timedelta(weeks=52), weekly_target=spec["initial_target"],
                          advisors=[advisor])
    if spec["closed_before_today"] is not None:
        t.closed_on = max(start, today - timedelta(days=spec["closed_before_today"]))
        t.status = TrajectoryStatus.CLOSED.value
    effective = start
    for number, (offset, target) in enumerate(sorted(spec["versions"])):
        effective = max(effective, start + timedelta(days=offset))
        publish_version(t, advisor, goals="Werk vinden", weekly_target=target, effective_from=effective,
                        change_summary="" if number == 0 else "Doel bijgesteld",
                        change_reason="" if number == 0 else "Evaluatie")
    for offset, length in spec["pauses"]:
        first = start + timedelta(days=offset)
        PauseFactory(trajectory=t, start_date=first, end_date=first + timedelta(days=length))
    for n, e in enumerate(spec["entries"]):
        day = start + timedelta(days=e["offset"])
        status = e["status"] if day <= today else "planned"  # only a planned activity lies ahead
        for _ in range(e["copies"]):
            entry(t, day, e["kind"], deleted=e["deleted"], status=status, organisation=f"Org {n}")
    db.session.flush()
    return t, advisor, today


def _export_per_week(t) -> Counter:
    text = exchange.export_csv(search_entries(t, full=True)[::-1]).lstrip("\ufeff")
    rows = csv.DictReader(io.StringIO(text), delimiter=";")
    return Counter(r["week"] for r in rows if r["telt_als_sollicitatie"] == "ja")


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR)
@settings(max_examples=12, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=trajectories)
def test_every_surface_states_the_same_numbers(app, spec):
    with app.test_request_context():
        t, advisor, today = _build(spec)
        evidence = load_evidence(t, today=today)
        weeks = {w.week.key: w for w in evidence.weeks}
        applications = {key: w.applications for key, w in weeks.items()}

        # No week outside the trajectory, and the weeks are whole ISO weeks in order.
        window = t.counting_window
        assert all(Week.of(window.start) <= w.week for w in evidence.weeks)
        assert all(w.target_met is None for w in evidence.weeks if not w.complete or w.paused)

        # The caseload and the employer's card: the same last four weeks and this week.
        last_four = evidence.last_weeks(today)
        case = next(r for r in caseload_rows(advisor, today) if r.trajectory.id == t.id)
        card = employer_rows([t], today)[0]
        expected = (evidence.applications_in(last_four), evidence.target_in(last_four))
        assert (case.signals.applications_four_weeks, case.signals.target_four_weeks) == expected
        assert (card.recent_applications, card.recent_target) == expected
        this_week = evidence.this_week(today)
        assert case.signals.applications_this_week == (this_week.applications if this_week else 0)
        assert case.signals.idle_weeks == evidence.weeks_without_activity()

        # The overview: lists are the totals, CSV, XLSX and the PDF text state the same weeks.
        ov = build_overview(t, *default_period(t, today), today)
        assert ov.totals == evidence.totals
        for key, total in (("applications", "applications"), ("networking", "networking"),
                           ("other_activities", "other_activities")):
            assert len(ov.section(key).rows) == evidence.totals[total]
        listed = Counter(r["week"] for r in ov.section("applications").rows)
        assert {k: v for k, v in applications.items() if v} == dict(listed)

        csv_weeks = {r["week"]: r for r in _csv_rows(to_machine_csv(ov)) if r["section"] == "weeks"}
        xlsx_weeks = {r["Week"]: r for r in _xlsx_sheets(to_xlsx(ov))["Activiteiten per week"]}
        people_weeks = {r["Week"]: r for r in people_csv_tables(to_people_csv(ov))["02-activiteiten-per-week.csv"]}
        assert list(csv_weeks) == list(xlsx_weeks) == list(people_weeks) == list(weeks)
        for key, w in weeks.items():
            for name in ("applications", "target", "plan_version"):
                label = WEEK_LABEL[name]
                assert (int(csv_weeks[key][name]) == xlsx_weeks[key][label] == int(people_weeks[key][label])
                        == getattr(w, name)), (key, name)
            expected_met = "" if w.target_met is None else str(w.target_met).lower()
            assert csv_weeks[key]["target_met"] == expected_met
            assert xlsx_weeks[key]["Doel gehaald"] == people_weeks[key]["Doel gehaald"] == YES_NO[w.target_met]
            assert people_weeks[key]["Stand"] == ("afgelopen" if w.complete else "loopt nog")

        pdf_weeks = {}
        for line in _pdf_text(to_pdf(ov)).splitlines():
            if match := PDF_WEEK_LINE.match(line.strip()):
                pdf_weeks[match.group(1)] = match.groups()[1:]
        assert list(pdf_weeks) == list(weeks)
        for key, w in weeks.items():
            target, pdf_applications, *_rest, state = pdf_weeks[key]
            assert int(pdf_applications) == w.applications, key
            assert target == ("–" if w.paused else str(w.target)), key
            assert state.startswith("loopt nog") is (not w.complete and not w.paused), key

        # The candidate's export: `telt_als_sollicitatie` summed per week.
        exported = _export_per_week(t)
        assert {k: v for k, v in applications.items() if v} == dict(exported)
        db.session.rollback()
