"""What an employer sees of one trajectory, gathered for its candidate ("Wat ziet mijn werkgever?").

Everything comes from the same reads as the employer's own pages (`employer_rows`, the
employer audience of shared notes, the shared summaries, the overviews shared with the
employer), so the mirror cannot show more or less than the employer gets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.advisor.services import shared_notes
from portal.casefile.employer import EmployerRow, employer_rows
from portal.extensions import db
from portal.progress_reports.models import ProgressReport
from portal.progress_reports.services import released_reports
from portal.reports.models import GeneratedOverview, OverviewSummary
from portal.trajectory.models import Trajectory


@dataclass
class EmployerMirror:
    row: EmployerRow
    pauses: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # employer-shared notes, newest first (retracted ones too)
    summaries: list[OverviewSummary] = field(default_factory=list)  # shared, newest first
    overviews: list[GeneratedOverview] = field(default_factory=list)  # the employer's files, newest first
    reports: list[ProgressReport] = field(default_factory=list)  # released to the employer, newest first


def employer_mirror(trajectory: Trajectory, today: date) -> EmployerMirror:
    """The employer's view of `trajectory`: its card, pauses, shared notes, summaries, files and reports."""
    summaries = db.session.scalars(
        select(OverviewSummary).options(joinedload(OverviewSummary.author))
        .where(OverviewSummary.trajectory_id == trajectory.id, OverviewSummary.shared_at.is_not(None))
        .order_by(OverviewSummary.shared_at.desc(), OverviewSummary.id.desc())
    )
    overviews = db.session.scalars(
        select(GeneratedOverview).options(joinedload(GeneratedOverview.generated_by))
        .where(GeneratedOverview.trajectory_id == trajectory.id, GeneratedOverview.shared_at.is_not(None))
        .order_by(GeneratedOverview.generated_at.desc(), GeneratedOverview.id.desc())
    )
    shown_pauses = [p for p in trajectory.pauses if p.end_date is None or p.end_date >= trajectory.spoor2_start]
    return EmployerMirror(
        row=employer_rows([trajectory], today)[0],
        pauses=shown_pauses,
        notes=shared_notes(trajectory, "employer"),
        summaries=list(summaries),
        overviews=list(overviews),
        reports=released_reports([trajectory.id])[trajectory.id],  # the employer's "Rapportages" read
    )
