"""The base form: CSRF from Flask-WTF and WTForms' own messages in Dutch."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.i18n import get_translations
from wtforms.widgets import CheckboxInput, ListWidget

_DUTCH = get_translations(["nl"])


class Form(FlaskForm):
    """Every form in the portal inherits this, so built-in messages read in Dutch."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _DUTCH


class ActionForm(Form):
    """An empty form for POST-only buttons, so they still carry a CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A multi-select as a list of checkboxes: usable on a phone, no Ctrl/Cmd needed.

    The `field` macro renders it as a fieldset with a legend.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
