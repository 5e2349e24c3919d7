"""Reports in each state of the release flow, for the tests of progress reports."""

from __future__ import annotations

from datetime import date, timedelta

from portal.progress_reports import services
from portal.progress_reports.models import ProgressReport

TEXTS = {
    "goal": "Betaald werk buiten de eigen werkgever, 24 uur per week, in administratie of klantcontact.",
    "done": "Wekelijks gesolliciteerd op passende functies; twee netwerkgesprekken gevoerd.",
    "results": "Een sollicitatiegesprek bij een groothandel; nog geen aanbod.",
    "obstacles": "Werkt het best in vaste dagdelen; reistijd maximaal 45 minuten.",
    "candidate_view": "De kandidaat vindt dat het ritme goed is en wil breder zoeken.",
    "next_steps": "Zoekprofiel verbreden naar klantcontact; elke twee weken een gesprek.",
    "judgement": "Het afgesproken doel is in bijna alle weken gehaald.",
}


def draft(trajectory, advisor, start: date | None = None, end: date | None = None, kind="progress",
          texts: dict | None = None) -> ProgressReport:
    start = start or trajectory.spoor2_start
    end = end or start + timedelta(weeks=6)
    report = services.create_report(trajectory, advisor, kind, start, end)
    body = dict(TEXTS if texts is None else texts)
    if kind == "final" and texts is None:
        body["outcome"] = "Geen plaatsing: de zoektocht loopt nog door na de WIA-aanvraag."
    services.save_texts(report, advisor, body, choice="sufficient")
    return report


def with_candidate(trajectory, advisor, today: date, **kwargs) -> ProgressReport:
    report = draft(trajectory, advisor, **kwargs)
    services.send_to_candidate(report, today)
    return report
