"""The base form: CSRF from Flask-WTF and WTForms' own messages in Dutch."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectMultipleField
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
