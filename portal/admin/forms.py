"""Forms for organisations and trajectories."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.auth.models import Organisation
from portal.domain.dates import DateKind
from portal.extensions import db
from portal.forms import Form, MultiCheckboxField, PlausibleDate
from portal.trajectory.models import Trajectory, TrajectoryStatus

REQUIRED = "Dit veld is verplicht."
DATE_MSG = "Vul een geldige datum in."


class OrganisationForm(Form):
    name = StringField("Naam van de werkgever", validators=[DataRequired(REQUIRED), Length(max=200)])
    city = StringField("Plaats", validators=[Optional(), Length(max=100)])

    def validate_name(self, field) -> None:
        if db.session.scalar(select(Organisation.id).where(Organisation.name == field.data.strip())):
            raise ValidationError("Deze werkgever bestaat al.")


class TrajectoryForm(Form):
    candidate_id = SelectField("Kandidaat", coerce=int, validators=[DataRequired("Kies een kandidaat.")])
    employer_id = SelectField("Werkgever", coerce=int, validators=[DataRequired("Kies een werkgever.")])
    advisor_ids = MultiCheckboxField("Adviseur(s)", coerce=int, validators=[DataRequired("Kies minstens één adviseur.")])
    first_sick_day = DateField("Eerste ziektedag", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.TRAJECTORY)])
    spoor2_start = DateField("Start tweede spoor", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.TRAJECTORY)])
    planned_end = DateField("Geplande einddatum", validators=[Optional(), PlausibleDate(DateKind.TRAJECTORY_END)])
    weekly_target = IntegerField(
        "Afgesproken sollicitaties per week",
        default=2,
        validators=[DataRequired(REQUIRED), NumberRange(0, 20, "Kies een aantal van 0 tot en met 20.")],
    )

    def validate_candidate_id(self, field) -> None:
        # One open trajectory per candidate: a second one would silently take over
        # the candidate's portal ("Mijn traject", home, notes).
        # Only ids offered in the list are looked up (a forged huge number would overflow).
        if field.data in {value for value, _ in self.candidate_id.choices} and field.data and db.session.scalar(
            select(Trajectory.id).where(
                Trajectory.candidate_id == field.data,
                Trajectory.status != TrajectoryStatus.CLOSED.value,
            ).limit(1)
        ):
            raise ValidationError(
                "Deze kandidaat heeft al een traject dat niet is afgesloten. "
                "Sluit dat traject eerst af."
            )

    def validate_spoor2_start(self, field) -> None:
        if self.first_sick_day.data and field.data and field.data < self.first_sick_day.data:
            raise ValidationError("Het tweede spoor kan niet vóór de eerste ziektedag beginnen.")

    def validate_planned_end(self, field) -> None:
        if field.data and self.spoor2_start.data and field.data <= self.spoor2_start.data:
            raise ValidationError("De einddatum moet na de start van het tweede spoor liggen.")
