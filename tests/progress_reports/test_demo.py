"""The demo: one released progress report per active trajectory, an end report for the closed one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.casefile import progress_report as casefile
from portal.employer_gate import medical_words
from portal.extensions import db
from portal.progress_reports import services
from portal.progress_reports.models import ProgressReport, ReportKind, ReportStatus
from portal.trajectory.models import TrajectoryStatus
from tests.reports.factories import WEASYPRINT_ERROR


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_demo_reports(demo, client, auth):
    ctx = demo
    reports = list(db.session.scalars(select(ProgressReport)))
    by_trajectory = {}
    for r in reports:
        by_trajectory.setdefault(r.trajectory_id, []).append(r)
    for key, t in ctx.trajectories.items():
        mine = by_trajectory.get(t.id, [])
        if t.status == TrajectoryStatus.ACTIVE:
            assert [(r.kind, r.status) for r in mine] == [(ReportKind.PROGRESS, ReportStatus.RELEASED)], key
        if t.status == TrajectoryStatus.CLOSED:
            assert [(r.kind, r.status) for r in mine] == [(ReportKind.FINAL, ReportStatus.RELEASED)], key
    for r in reports:
        assert casefile.stored_pdf(r).startswith(b"%PDF") and r.verification_code
        assert services.missing_sections(r) == []
        for text in services.latest_texts(r).values():
            assert medical_words(text.text) == [], (r.trajectory.candidate.name, text.section, text.text)
        assert medical_words(r.candidate_response) == []

    auth.login("werkgever@demo.nl", "tweedespoor-demo")
    page = client.get("/werkgever/rapportages").get_data(as_text=True)
    assert "Voortgangsrapportage 1" in page and ctx.trajectories["sanne"].candidate.name in page


def test_demo_end_report_agrees_with_the_recorded_outcome(demo):
    from portal.plan import casework

    yara = demo.trajectories["yara"]
    (report,) = db.session.scalars(select(ProgressReport).where(ProgressReport.trajectory_id == yara.id))
    outcome = services.latest_texts(report)["outcome"].text
    placements = casework.placements_for(yara)
    if placements:
        assert outcome.startswith("Plaatsing") and placements[-1].organisation in outcome
    else:
        assert outcome.startswith("Geen plaatsing")
