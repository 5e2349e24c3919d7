"""Links to optional endpoints: a page links to another feature only when it is there."""

from __future__ import annotations

from flask import current_app, url_for


def link_to(endpoint: str, **values) -> str | None:
    """url_for() when the endpoint is registered, else None (render no link)."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)
