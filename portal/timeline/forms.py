"""Forms of the timeline feature: recording steps, pauses, reminder preferences."""

from __future__ import annotations

from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.domain.dates import DateKind
from portal.forms import Form, PlausibleDate, version_field
from portal.trajectory.models import PauseCategory

PAUSE_REASON_MAX = 500
NOTE_MAX = 1000


class MilestoneRecordForm(Form):
    code = SelectField("Stap", validators=[DataRequired()])
    done_on = DateField("Datum waarop het gebeurde", validators=[DataRequired(message="Vul een datum in."),
                                                                      PlausibleDate(DateKind.PLAN)])
    note = TextAreaField("Interne notitie", validators=[Optional(), Length(max=NOTE_MAX)])
    version = version_field()  # the version the form was opened on (corrections only)


class PauseForm(Form):
    start_date = DateField("Begindatum", validators=[DataRequired(message="Vul een begindatum in."),
                                                     PlausibleDate(DateKind.PLAN)])
    end_date = DateField("Einddatum", validators=[Optional(), PlausibleDate(DateKind.PLAN)])
    employer_category = SelectField(
        "Wat de werkgever ziet", choices=PauseCategory.choices(), default=PauseCategory.NOT_AVAILABLE.value,
        validators=[DataRequired(message="Kies wat de werkgever ziet.")],
    )
    reason = TextAreaField(
        "Reden (intern)", validators=[DataRequired(message="Geef een reden voor de pauze."), Length(max=PAUSE_REASON_MAX)]
    )

    # Set by the view: a pause interrupts spoor 2, so it cannot start before spoor 2 did.
    spoor2_start = None

    def validate_start_date(self, field):
        if field.data and self.spoor2_start and field.data < self.spoor2_start:
            from portal.core.templating import date_nl

            raise ValidationError(
                f"Een pauze kan niet beginnen vóór de start van het tweede spoor ({date_nl(self.spoor2_start)})."
            )

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("De einddatum ligt voor de begindatum.")


class PauseCategoryForm(Form):
    employer_category = SelectField("Wat de werkgever ziet", choices=PauseCategory.choices(),
                                    validators=[DataRequired(message="Kies wat de werkgever ziet.")])


class EndPauseForm(Form):
    end_date = DateField("Einddatum", validators=[DataRequired(message="Vul een einddatum in."),
                                                  PlausibleDate(DateKind.PLAN)])


def preference_form_class(kinds):
    """A form with an e-mail and a portal checkbox for each reminder kind."""

    class PreferenceForm(Form):
        pass

    for kind in kinds:
        setattr(PreferenceForm, f"{kind}_email", BooleanField("Per e-mail"))
        setattr(PreferenceForm, f"{kind}_portal", BooleanField("In Meldingen"))
    return PreferenceForm
