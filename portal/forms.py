"""The base form: CSRF from Flask-WTF and WTForms' own messages in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, time

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, FileField, FormField, HiddenField, SelectFieldBase, SelectMultipleField
from wtforms.i18n import get_translations
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.sanitize import http_url

# WTForms' own Dutch says "karakters"; Dutch for characters is "tekens". The length
# messages also say how long the text is, so nobody has to count.
_LENGTH_MESSAGES = {
    "Field cannot be longer than %(max)d characters.":
        "Maximaal %(max)d tekens; je tekst telt er %(length)d. Je tekst staat er nog: maak hem wat korter.",
    "Field must be at least %(min)d characters long.": "Minstens %(min)d tekens; je tekst telt er %(length)d.",
    "Field must be exactly %(max)d characters long.": "Precies %(max)d tekens; je tekst telt er %(length)d.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Tussen %(min)d en %(max)d tekens; je tekst telt er %(length)d.",
}


class _DutchMessages:
    """WTForms' Dutch translations with our length messages in "tekens"."""

    def __init__(self, base):
        self._base = base

    def gettext(self, string: str) -> str:
        return _LENGTH_MESSAGES.get(string) or self._base.gettext(string).replace("karakter", "teken")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _LENGTH_MESSAGES.get(plural) or self._base.ngettext(singular, plural, n).replace("karakter", "teken")


_DUTCH = _DutchMessages(get_translations(["nl"]))


def _strip_nul(value):
    """NUL bytes carry no meaning in text and PostgreSQL refuses them: drop them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    """Every form in the portal inherits this: Dutch built-in messages, NUL-free text."""

    conflict = None  # a Conflict when a stale save was refused (see refuse_stale)

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _DUTCH

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                return unbound_field.bind(form=form, **options)  # their inner fields get the filter
            filters = tuple(unbound_field.kwargs.get("filters", ()) or ()) + (_strip_nul,)
            return unbound_field.bind(form=form, filters=filters, **options)


class HttpUrl:
    """Every link field: only a plain http(s) address with a host (never javascript:, data:, ...).

    WTForms' URL() accepts "javascript://example.com/%0aalert(1)"; this does not. Empty passes
    (combine with Optional or InputRequired).
    """

    def __init__(self, message: str = "Vul een volledige link in die begint met https:// (of http://)."):
        self.message = message

    def __call__(self, form, field):
        if (field.data or "").strip() and not http_url(field.data):
            raise ValidationError(self.message)


class PlausibleDate:
    """A date field within the shared date policy (portal.domain.dates) for its kind of date."""

    def __init__(self, kind):
        self.kind = kind

    def __call__(self, form, field):
        from portal.clock import local_today  # here: templating loads the app's helpers
        from portal.domain.dates import problem

        message = problem(self.kind, field.data, local_today())
        if message:
            raise ValidationError(message)


class ActionForm(Form):
    """An empty form for POST-only buttons, so they still carry a CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A multi-select as a list of checkboxes: usable on a phone, no Ctrl/Cmd needed.

    The `field` macro renders it as a fieldset with a legend.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConditionallyRequired:
    """Marks a field required in some cases only (the form's own validation decides which):
    its label then carries no "(optioneel)"."""

    field_flags = {"conditionally_required": True}

    def __call__(self, form, field):
        return None


# --- optimistic concurrency ------------------------------------------------------------

STALE_MESSAGE = (
    "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen: wat je typte staat "
    "hieronder nog in het formulier. Bekijk wat er intussen is veranderd, neem over wat je wilt "
    "houden en sla opnieuw op."
)


def version_field() -> HiddenField:
    """The version an edit form was opened on (a hidden field); see `refuse_stale`."""
    return HiddenField()


@dataclass
class Conflict:
    """A refused stale save: what is stored now next to what the person typed, per field."""

    rows: list[tuple[str, str, str]] = dataclass_field(default_factory=list)  # label, stored now, typed
    message: str = STALE_MESSAGE


def _shown(field, value) -> str:
    if value is None or value == "":
        return "(leeg)"
    if isinstance(field, BooleanField) or isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return f"{value:%d-%m-%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(field, SelectFieldBase):
        labels = {str(choice[0]): str(choice[1]) for choice in (getattr(field, "choices", None) or [])
                  if isinstance(choice, (tuple, list))}
        if isinstance(value, (list, tuple)):
            return ", ".join(labels.get(str(v), str(v)) for v in value) or "(leeg)"
        return labels.get(str(value), str(value))
    return str(value)


def _comparable(fields) -> list:
    return [f for f in fields if f.name not in ("csrf_token", "version")
            and not isinstance(f, (FileField, FieldList, FormField, HiddenField))
            and f.type not in ("SubmitField",)]


def refuse_stale(form, stored_version: int, stored_form) -> bool:
    """True (and `form.conflict` set) when the form was opened on another version than the
    stored one: the caller then writes nothing and renders the form again.

    `stored_form` is the same form class filled from what is stored now (formdata=None); each
    field whose stored value differs from what was typed becomes a row of the conflict. The
    form's version moves to the stored one, so a second save, after reading, goes through. A
    form without a version (a script, not a page of the portal) claims nothing and passes.
    """
    claimed = (form.version.data or "").strip() if isinstance(form.version.data, str) else form.version.data
    if claimed in (None, ""):
        return False
    try:
        if int(claimed) == stored_version:
            return False
    except (TypeError, ValueError):
        pass
    rows = []
    for typed in _comparable(form):
        stored = stored_form[typed.name] if typed.name in stored_form else None
        if stored is None or stored.data == typed.data:
            continue
        rows.append((typed.label.text, _shown(stored, stored.data), _shown(typed, typed.data)))
    form.version.data = str(stored_version)
    form.version.raw_data = [str(stored_version)]
    form.conflict = Conflict(rows)
    return True
