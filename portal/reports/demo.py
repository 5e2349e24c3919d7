"""Demo data: stored overviews the demo employer can open for two of their trajectories."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.casefile import issued
from portal.extensions import db
from portal.reports import services
from portal.reports.models import GeneratedOverview, OverviewSummary

SUMMARIES = {
    "sanne": (
        "Sanne werkt gemotiveerd aan haar tweede spoor. Ze solliciteert gericht op administratieve en "
        "secretariële functies binnen haar belastbaarheid, meestal twee keer per week.\n\n"
        "Na een korte pauze heeft ze het ritme snel weer opgepakt. Volgende stap: het zoekprofiel "
        "verbreden naar klantcontactfuncties in de regio Tiel en Culemborg."
    ),
    "kees": (
        "Kees zoekt breed naar functies in logistiek en facilitaire dienstverlening. Het doel van drie "
        "sollicitatieactiviteiten per week haalt hij in de meeste weken.\n\n"
        "Hij heeft twee sollicitatiegesprekken gehad; een werkervaringsplaats wordt besproken."
    ),
}


def seed_overviews(ctx) -> None:
    """A shared summary and a shared PDF for Sanne and Kees (employer werkgever@demo.nl); idempotent."""
    for key, text in SUMMARIES.items():
        trajectory = ctx.trajectories.get(key)
        if trajectory is None:
            continue
        advisor = trajectory.advisors[0] if trajectory.advisors else ctx.users["advisor"]
        if db.session.scalar(select(OverviewSummary.id).where(OverviewSummary.trajectory_id == trajectory.id)) is None:
            services.save_summary(trajectory, advisor, text, share=True)
        if db.session.scalar(select(GeneratedOverview.id).where(GeneratedOverview.trajectory_id == trajectory.id)) is None:
            end = ctx.today - timedelta(days=ctx.today.weekday() + 1)  # last Sunday: whole weeks only
            record, _ = issued.generate_overview(trajectory, advisor, trajectory.spoor2_start, end, "pdf", ctx.today)
            services.share_overview(record)
