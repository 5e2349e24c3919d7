"""Forms of the plan feature: intake, pre-intake, plan versions, phases, placement, closing."""

from __future__ import annotations

from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import Form as SubForm
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.domain.dates import DateKind
from portal.forms import _DUTCH, Form, PlausibleDate, version_field
from portal.plan.models import Frequency, Outcome, Phase, PlacementKind

REQUIRED = "Dit veld is verplicht."
DATE_MSG = "Vul een geldige datum in."
TEXT_MAX = 5000


def _text(label: str, required: bool = False, max_length: int = TEXT_MAX) -> TextAreaField:
    first = DataRequired(REQUIRED) if required else Optional()
    return TextAreaField(label, validators=[first, Length(max=max_length)])


class _DutchSubForm(SubForm):
    class Meta:
        def get_translations(self, form):
            return _DUTCH


class IntakeForm(Form):
    version = version_field()  # the version the form was opened on
    intake_on = DateField("Datum van de intake", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])
    situation = _text("Situatie van de kandidaat")
    wishes = _text("Wensen voor werk")
    work_history = _text("Werkervaring")
    education = _text("Opleiding en cursussen")
    capacity_profile_on = DateField("Datum belastbaarheidsprofiel (FML)", validators=[Optional(), PlausibleDate(DateKind.PLAN)])
    capacity_limitations = _text("Werkgerelateerde beperkingen in gewone woorden")
    labour_expert_report_on = DateField("Datum rapport arbeidsdeskundige", validators=[Optional(), PlausibleDate(DateKind.PLAN)])
    job_directions = _text("Passende functierichtingen uit het rapport")


class PreIntakeForm(Form):
    about_me = _text("Wie ben je en hoe gaat het nu met je werk?")
    work_wishes = _text("Wat voor werk zou je graag doen?")
    strengths = _text("Waar ben je goed in?")
    experience = _text("Welke werkervaring en opleidingen heb je?")
    practical = _text("Praktische zaken (uren, reistijd, vervoer)")
    questions = _text("Wat wil je vragen of bespreken in het eerste gesprek?")
    save = SubmitField("Opslaan")
    send = SubmitField("Versturen naar mijn adviseur")


class ActivityRow(_DutchSubForm):
    description = StringField("Activiteit", validators=[Optional(), Length(max=200)])
    quantity = IntegerField(
        "Aantal", validators=[Optional(), NumberRange(1, 99, "Kies een aantal van 1 tot en met 99.")]
    )
    frequency = SelectField("Frequentie", choices=Frequency.choices(), default=Frequency.WEEK.value)
    module_slug = SelectField("Module", choices=[("", "— geen module —")], default="")

    def validate_quantity(self, field) -> None:
        if field.data and not (self.description.data or "").strip() and not self.module_slug.data:
            raise ValidationError("Beschrijf de activiteit of kies een module.")


class PhaseRow(_DutchSubForm):
    start_on = DateField("Van", validators=[Optional(), PlausibleDate(DateKind.PLAN)])
    end_on = DateField("Tot en met", validators=[Optional(), PlausibleDate(DateKind.PLAN)])

    def validate_end_on(self, field) -> None:
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")


ACTIVITY_ROWS = 6


class PlanForm(Form):
    version = version_field()  # the version the form was opened on
    goals = _text("Doelen", required=True)
    weekly_target = IntegerField(
        "Sollicitaties per week",
        validators=[DataRequired(REQUIRED), NumberRange(0, 20, "Kies een aantal van 0 tot en met 20.")],
    )
    effective_from = DateField("Geldt vanaf", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])
    activities = FieldList(FormField(ActivityRow), min_entries=ACTIVITY_ROWS, max_entries=20)
    phases = FieldList(FormField(PhaseRow), min_entries=len(Phase), max_entries=len(Phase))
    change_summary = _text("Wat verandert er?", max_length=2000)
    change_reason = _text("Waarom?", max_length=2000)

    def set_module_choices(self, modules: list[tuple[str, str]]) -> None:
        for row in self.activities:
            row.form.module_slug.choices = [("", "— geen module —")] + modules


class ViewForm(Form):
    body = _text("Jouw zienswijze", required=True, max_length=3000)


class PhaseForm(Form):
    phase = SelectField("Nieuwe fase", choices=Phase.choices())
    started_on = DateField("Vanaf", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])
    note = _text("Toelichting", max_length=1000)


class PlacementForm(Form):
    organisation = StringField("Organisatie", validators=[DataRequired(REQUIRED), Length(max=200)])
    role = StringField("Functie", validators=[DataRequired(REQUIRED), Length(max=200)])
    hours_per_week = IntegerField(
        "Uren per week", validators=[DataRequired(REQUIRED), NumberRange(1, 60, "Kies 1 tot en met 60 uur.")]
    )
    start_on = DateField("Startdatum", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLACEMENT)])
    kind = SelectField("Soort plaatsing", choices=PlacementKind.choices())
    notes = _text("Toelichting", max_length=2000)


class CheckinScheduleForm(Form):
    due_on = DateField("Datum nazorggesprek", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])


class CheckinForm(Form):
    held_on = DateField("Gehouden op", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])
    how_it_goes = _text("Hoe gaat het op het werk?", required=True, max_length=3000)
    agreements = _text("Afspraken", max_length=3000)


class CloseForm(Form):
    evaluated_on = DateField("Datum eindevaluatie", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.PLAN)])
    outcome = SelectField("Resultaat", choices=Outcome.choices())
    summary = _text("Eindevaluatie", required=True)
