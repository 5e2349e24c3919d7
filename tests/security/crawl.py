"""Shared helpers for the generic crawls: every route of the app, with built URLs and form fields."""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


# --- objects of one trajectory, to build ids from ------------------------------------------

def populate(trajectory) -> list[str]:
    """One object of every registered factory that hangs off a trajectory, for that trajectory."""
    from portal.extensions import db
    from tests.factories import _FACTORIES

    load_feature_factories()
    made = []
    for factory_class in list(_FACTORIES):
        model = factory_class._meta.model
        if model is None or "trajectory" not in getattr(model, "__mapper__", None).relationships.keys():
            continue
        # No try/except: a factory that breaks must fail the test, not silently drop the
        # objects (and so the routes) it would have covered.
        factory_class(trajectory=trajectory)
        made.append(model.__tablename__)
    db.session.commit()
    assert made, "no trajectory factory registered: the crawl would cover nothing"
    return made


def owned_ids(user_id: int, trajectory_id: int) -> dict[str, list[int]]:
    """Per table the first few ids of the rows about this person and trajectory."""
    from portal.extensions import db
    from portal.privacy.services import collect

    found = collect({user_id}, {trajectory_id})
    ids = {}
    for table, rows in found.owned.items():
        pk = list(db.metadata.tables[table].primary_key.columns)
        if len(pk) == 1:
            ids[table] = sorted(row[pk[0].name] for row in rows)[:3]
    return ids


def tables_for(arg: str, ids: dict[str, list[int]]) -> list[str]:
    """The tables a route argument such as `entry_id` or `note_id` may point into."""
    stem = arg.removesuffix("_id")
    return [t for t in ids if stem in t or t.rstrip("s") in stem or t.rstrip("es") in stem]


# --- the post forms of a page, with the values a browser would send --------------------

@dataclass
class PageForm:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) in page order
    types: dict[str, str] = field(default_factory=dict)  # name -> input type / "textarea" / "select"
    files: list[str] = field(default_factory=list)

    def values(self) -> dict[str, str]:
        return dict(self.fields)


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = PageForm(a.get("action") or "") if (a.get("method") or "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name, kind = a.get("name"), (a.get("type") or "text").lower()
        if tag == "input" and name:
            if kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                self._form.types.setdefault(name, kind)
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "y")))
            elif kind not in ("submit", "button", "reset", "image"):
                self._form.types[name] = kind
                self._form.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._form.types[name] = "textarea"
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._form.types[name] = "select"
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, self._text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            chosen = [v for v, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self._form.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(html: str) -> list[PageForm]:
    """The post forms of a page: action, fields with their current values, types, file fields."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms
