"""Login, password and invitation forms."""

from __future__ import annotations

from flask import current_app
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from portal.auth.models import ROLE_LABELS, Role
from portal.auth.services import email_taken
from portal.forms import Form
from portal.security.passwords import is_common

REQUIRED = "Dit veld is verplicht."


def password_rules(form, field) -> None:
    """At least PASSWORD_MIN_LENGTH characters; not trivial; not in the common-passwords list."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    value = field.data or ""
    if len(value) < minimum:
        raise ValidationError(f"Kies een wachtwoord van minstens {minimum} tekens.")
    if len(value) > 200:
        raise ValidationError("Kies een wachtwoord van hoogstens 200 tekens.")
    if len(set(value)) < 4:
        raise ValidationError("Dit wachtwoord is te eenvoudig. Gebruik bijvoorbeeld een zin van een paar woorden.")
    if is_common(value):
        raise ValidationError(
            "Dit wachtwoord komt veel voor en is daardoor makkelijk te raden. "
            "Kies iets anders, bijvoorbeeld een zin van een paar woorden."
        )


class LoginForm(Form):
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED), Length(max=200)])


class ForgotPasswordForm(Form):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired(REQUIRED), Email("Vul een geldig e-mailadres in."), Length(max=254)],
    )


class SetPasswordForm(Form):
    password = PasswordField("Nieuw wachtwoord", validators=[DataRequired(REQUIRED), password_rules])
    confirm = PasswordField(
        "Herhaal het wachtwoord",
        validators=[DataRequired(REQUIRED), EqualTo("password", "De twee wachtwoorden zijn niet gelijk.")],
    )


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField("Huidig wachtwoord", validators=[DataRequired(REQUIRED)])


class InviteForm(Form):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired(REQUIRED), Email("Vul een geldig e-mailadres in."), Length(max=254)],
    )
    role = SelectField("Rol", choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    organisation_id = SelectField("Werkgever", coerce=int, validators=[Optional()])
    is_case_manager = BooleanField("Deze adviseur is ook casemanager")

    def validate_email(self, field) -> None:
        if email_taken(field.data):
            raise ValidationError("Er bestaat al een account met dit e-mailadres.")

    def validate_organisation_id(self, field) -> None:
        if self.role.data == Role.EMPLOYER and not field.data:
            raise ValidationError("Kies de werkgever van deze contactpersoon.")
