"""Demo data: stored overviews the demo employer can open for two of their trajectories."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.casefile import issued
from portal.casefile.evidence import recent_figures
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.services import target_for
from portal.reports import services
from portal.reports.models import GeneratedOverview, OverviewSummary


def _summary(key: str, trajectory, today) -> str:
    """The shared summary in the figures of its day: the plan's target and the last four weeks."""
    applications, four_weeks = recent_figures(trajectory, today)
    target = target_for(trajectory)(Week.of(today))
    figures = (f"Het doel in het plan van aanpak is {target} sollicitatieactiviteiten per week; in de laatste "
               f"vier weken waren het {applications} van {four_weeks} sollicitatieactiviteiten.")
    if key == "sanne":
        return ("Sanne werkt aan haar tweede spoor. Ze solliciteert gericht op administratieve en "
                f"secretariële functies binnen haar belastbaarheid. {figures}\n\n"
                "Na een korte pauze heeft ze het ritme weer opgepakt. Volgende stap: het zoekprofiel "
                "verbreden naar klantcontactfuncties in de regio Tiel en Culemborg.")
    return ("Kees zoekt breed naar functies in logistiek en facilitaire dienstverlening. "
            f"{figures}\n\nHij heeft sollicitatiegesprekken gehad; een werkervaringsplaats wordt besproken.")


SUMMARIES = ("sanne", "kees")


def seed_overviews(ctx) -> None:
    """A shared summary and a shared PDF for Sanne and Kees (employer werkgever@demo.nl); idempotent."""
    for key in SUMMARIES:
        trajectory = ctx.trajectories.get(key)
        if trajectory is None:
            continue
        advisor = trajectory.advisors[0] if trajectory.advisors else ctx.users["advisor"]
        if db.session.scalar(select(OverviewSummary.id).where(OverviewSummary.trajectory_id == trajectory.id)) is None:
            services.save_summary(trajectory, advisor, _summary(key, trajectory, ctx.today), share=True)
        if db.session.scalar(select(GeneratedOverview.id).where(GeneratedOverview.trajectory_id == trajectory.id)) is None:
            end = ctx.today - timedelta(days=ctx.today.weekday() + 1)  # last Sunday: whole weeks only
            record, _ = issued.generate_overview(trajectory, advisor, trajectory.spoor2_start, end, "pdf", ctx.today)
            services.share_overview(record)
