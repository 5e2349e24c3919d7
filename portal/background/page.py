"""The one page of a background job (templates/background/job.html): what each kind fills in.

A feature's view loads its job, checks who may see it, and renders `render_job(job, JobPage(...))`;
the page shows the progress (aria-live, polled by portal.js, refreshed without JavaScript),
then the result, or the failure with a form that asks again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template

from portal.background.models import BackgroundJob


@dataclass(frozen=True)
class JobPage:
    title: str  # the <title>
    heading: str
    context: str  # the muted line above the heading (reference, employer)
    back_url: str
    back_label: str
    subject: str  # "Het overzicht": the sentence subject while it is queued or running
    result_noun: str = "de download"  # "deze pagina toont de download zodra het klaar is"
    lead: str = ""  # e.g. the period
    done_text: str = ""
    code: str = ""  # the verification code of what was made, if it has one
    download_url: str = ""
    download_label: str = ""
    failed_text: str = "Het kon niet worden gemaakt. Probeer het opnieuw; lukt het dan nog niet, neem contact op met het bureau."
    retry_url: str = ""  # POST here (with retry_fields) to ask again
    retry_fields: dict = field(default_factory=dict)


def render_job(job: BackgroundJob, page: JobPage) -> str:
    return render_template("background/job.html", job=job, page=page)
