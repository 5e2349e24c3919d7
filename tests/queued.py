"""Ask for a PDF overview as a browser does: POST, follow to the job's page, take its download link."""

from __future__ import annotations

import re


def download_pdf(client, url: str, data: dict | None = None, drain=None):
    """The response of the PDF download the job page links to; `drain` runs a worker in between."""
    response = client.post(url, data=data or {})
    assert response.status_code == 303, response.status_code
    job_page = response.headers["Location"]
    if drain is not None:
        drain()
    page = client.get(job_page)
    assert page.status_code == 200
    link = re.search(r'href="(/overzichten/\d+/bestand)"', page.get_data(as_text=True))
    assert link, page.get_data(as_text=True)
    return client.get(link.group(1))
