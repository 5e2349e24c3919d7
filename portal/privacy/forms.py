"""The erasure confirmation: the admin types the person's name."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.forms import Form


class EraseForm(Form):
    confirm_name = StringField(
        "Typ de naam van de persoon om te bevestigen",
        validators=[DataRequired("Typ de naam om te bevestigen."), Length(max=200)],
    )
