"""The demo employer sees overviews for two trajectories."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.reports.models import GeneratedOverview, OverviewSummary
from tests.reports.factories import WEASYPRINT_ERROR


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR)
def test_demo_overviews_are_shared(demo, client, auth):
    ctx = demo
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    overviews, summaries = count(GeneratedOverview), count(OverviewSummary)
    assert overviews == 2 and summaries == 2
    auth.login("werkgever@demo.nl", "tweedespoor-demo")
    for key in ("sanne", "kees"):
        page = client.get(f"/trajecten/{ctx.trajectories[key].id}/overzicht").get_data(as_text=True)
        assert "gedeeld" in page and "TS-" in page
