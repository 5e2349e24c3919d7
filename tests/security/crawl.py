"""Shared helpers for the generic crawls: every route of the app, with built URLs and form fields."""

from __future__ import annotations

import importlib
import pkgutil
import re

from flask import url_for
from werkzeug.routing import BuildError, IntegerConverter

import tests

SKIP_ENDPOINTS = frozenset({"static", "auth.logout", "security.keepalive", "core.health"})
FIELD = re.compile(r"<(?:input|textarea|select)\b[^>]*\bname=\"([^\"]+)\"[^>]*>", re.I)
FILE_FIELD = re.compile(r"<input\b[^>]*type=\"file\"[^>]*name=\"([^\"]+)\"|<input\b[^>]*name=\"([^\"]+)\"[^>]*type=\"file\"", re.I)
GENERIC_FIELDS = ["email", "name", "title", "notes", "description", "text", "body", "q", "date", "entry_date", "week",
                  "reason", "code", "password", "confirm", "organisation", "position", "status", "kind", "url"]


def load_feature_factories() -> None:
    """Import every tests/<feature>/factories.py so their factories register (features landing later too)."""
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"tests.{module.name}.factories")
            except ModuleNotFoundError as exc:
                if exc.name != f"tests.{module.name}.factories":
                    raise  # the module exists but imports something that does not
                continue
    from portal.extensions import db
    from tests.factories import bind_factories

    bind_factories(db.session)  # factories registered just now need the test's session too


def routes(app):
    """(rule, int argument names, other argument names) for every route worth crawling."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        others = [name for name in rule.arguments if name not in ints]
        yield rule, ints, others


def build(app, rule, values) -> str | None:
    with app.test_request_context():
        try:
            return url_for(rule.endpoint, **values)
        except (BuildError, ValueError):
            return None


def form_fields(html: str) -> tuple[list[str], list[str]]:
    """Names of the fields and of the file fields in the page's forms."""
    files = {a or b for a, b in FILE_FIELD.findall(html)}
    names = [n for n in dict.fromkeys(FIELD.findall(html)) if n != "csrf_token" and n not in files]
    return names, sorted(files)
