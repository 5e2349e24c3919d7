"""The demo: adviseur@demo.nl's caseload shows every light (idempotency: tests/test_core.py)."""

from __future__ import annotations

from portal.advisor.models import Appointment, Note
from portal.advisor.rules import Light
from portal.casefile.caseload import caseload_rows
from portal.clock import local_today
from portal.extensions import db


def test_demo_caseload_shows_every_signal(demo):
    ctx = demo
    assert db.session.query(Appointment).count() and db.session.query(Note).count()
    rows = caseload_rows(ctx.users["advisor"], local_today())
    lights = {r.light for r in rows}
    assert {Light.RED, Light.ORANGE, Light.GREEN, Light.PAUSED} <= lights
    reasons = " | ".join(reason.text for r in rows for reason in r.reasons)
    assert "zonder enige activiteit" in reasons and "geen contact" in reasons and "onder doel" in reasons.lower()
    visibilities = {n.visibility for n in db.session.query(Note).filter_by(trajectory_id=ctx.main.id)}
    assert visibilities == {"internal", "candidate", "employer"}
