"""Forms of the second login step and two-factor enrolment."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.forms import Form


class CodeForm(Form):
    code = StringField(
        "Code",
        validators=[DataRequired("Vul de code in."), Length(max=40, message="Deze code is te lang.")],
    )
