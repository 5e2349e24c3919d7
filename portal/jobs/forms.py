"""Forms of the job board."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.domain.activities import Method
from portal.domain.dates import DateKind
from portal.forms import Form, HttpUrl, MultiCheckboxField, PlausibleDate, version_field
from portal.jobs.models import ContractType, EducationLevel, Sector
from portal.jobs.places import normalise_postcode

_BLANK = [("", "Onbekend")]


def _postcode(form, field):
    if field.data and not normalise_postcode(field.data):
        raise ValidationError("Vul een postcode in zoals 3511 AB (of alleen de cijfers).")


class VacancyForm(Form):
    title = StringField("Functie", validators=[InputRequired("Vul de functietitel in."), Length(max=200)])
    organisation = StringField(
        "Organisatie", validators=[InputRequired("Vul de naam van de organisatie in."), Length(max=200)]
    )
    city = StringField("Plaats", validators=[Optional(), Length(max=100)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=7), _postcode])
    hours_min = IntegerField("Uren per week, minimaal", validators=[Optional(), NumberRange(1, 60)])
    hours_max = IntegerField("Uren per week, maximaal", validators=[Optional(), NumberRange(1, 60)])
    contract_type = SelectField("Soort contract", choices=_BLANK + ContractType.choices(), validators=[Optional()])
    education_level = SelectField("Opleidingsniveau", choices=_BLANK + EducationLevel.choices(), validators=[Optional()])
    sector = SelectField("Sector", choices=_BLANK + Sector.choices(), validators=[Optional()])
    salary_min = IntegerField("Salaris per maand, vanaf (euro)", validators=[Optional(), NumberRange(0, 100000)])
    salary_max = IntegerField("Salaris per maand, tot (euro)", validators=[Optional(), NumberRange(0, 100000)])
    description_html = TextAreaField("Omschrijving", validators=[Optional(), Length(max=50000)])
    apply_url = StringField("Link om te solliciteren", validators=[
        Optional(), Length(max=500), HttpUrl("Een link begint met https:// of http://.")])
    apply_email = StringField("E-mailadres om te solliciteren", validators=[Optional(), Email(), Length(max=254)])
    posted_on = DateField("Geplaatst op", validators=[Optional(), PlausibleDate(DateKind.VACANCY)])
    closes_on = DateField("Sluitingsdatum", validators=[Optional(), PlausibleDate(DateKind.VACANCY)])

    def validate_hours_max(self, field):
        if field.data and self.hours_min.data and field.data < self.hours_min.data:
            raise ValidationError("Het maximum is lager dan het minimum.")

    def validate_closes_on(self, field):
        if field.data and self.posted_on.data and field.data < self.posted_on.data:
            raise ValidationError("De sluitingsdatum ligt voor de plaatsingsdatum.")

    def vacancy_fields(self) -> dict:
        data = {name: self[name].data for name in (
            "title", "organisation", "city", "postcode", "hours_min", "hours_max", "contract_type",
            "education_level", "sector", "salary_min", "salary_max", "description_html", "apply_url",
            "apply_email", "closes_on")}
        for name in ("title", "organisation", "city", "postcode", "apply_url", "apply_email"):
            data[name] = (data[name] or "").strip()
        data["description_html"] = data["description_html"] or ""
        if self.posted_on.data:
            data["posted_on"] = self.posted_on.data
        return data


# A vacancy's text is a few thousand characters; a whole page's HTML with its JSON-LD rarely
# passes 200,000. More is not a vacancy, and the parsers need not see it.
PASTE_MAX_CHARS = 200_000


class PasteForm(Form):
    content = TextAreaField(
        "Link of tekst van de vacature",
        validators=[
            InputRequired("Plak de link of de tekst van de vacature."),
            Length(max=PASTE_MAX_CHARS, message=(
                "Dit is te veel tekst voor één vacature (maximaal 200.000 tekens). "
                "Plak alleen de tekst van de vacature, of de link.")),
        ],
    )


class ConfirmPastedForm(VacancyForm):
    """The parsed fields, for the candidate to check and complete."""

    action = SelectField(choices=[("save", "Bewaren"), ("diary", "In dagboek")], validators=[Optional()])


class ImportForm(Form):
    source = StringField("Bron", validators=[InputRequired("Vul in waar de vacatures vandaan komen."), Length(max=100)])
    file = FileField("Bestand (JSON-LD, XML of HTML, max. 5 MB)", validators=[FileRequired("Kies een bestand.")])


class RecommendForm(Form):
    trajectory_id = SelectField("Kandidaat", coerce=int, validators=[InputRequired("Kies een kandidaat.")])
    note = TextAreaField("Korte toelichting", validators=[Optional(), Length(max=500)])


class SearchProfileForm(Form):
    version = version_field()  # the version the form was opened on
    desired_roles = TextAreaField("Gewenste functies", validators=[Optional(), Length(max=500)])
    postcode = StringField("Postcode (waar je woont)", validators=[Optional(), Length(max=7), _postcode])
    max_distance_km = IntegerField("Maximale reisafstand in km", validators=[Optional(), NumberRange(1, 300)])
    hours_min = IntegerField("Uren per week, minimaal", validators=[Optional(), NumberRange(1, 60)])
    hours_max = IntegerField("Uren per week, maximaal", validators=[Optional(), NumberRange(1, 60)])
    education_level = SelectField("Hoogst afgeronde opleiding", choices=_BLANK + EducationLevel.choices(),
                                  validators=[Optional()])
    sectors = MultiCheckboxField("Sectoren", choices=Sector.choices(), validators=[Optional()])
    limitations = TextAreaField("Wat je (nu) niet kunt in werk", validators=[Optional(), Length(max=2000)])

    def validate_hours_max(self, field):
        if field.data and self.hours_min.data and field.data < self.hours_min.data:
            raise ValidationError("Het maximum is lager dan het minimum.")


class AppliedForm(Form):
    """'Ik heb gesolliciteerd': how, and whether the job fits what the candidate can do."""

    method = RadioField("Hoe heb je gesolliciteerd?", choices=Method.choices(),
                        validators=[InputRequired("Kies hoe je hebt gesolliciteerd.")])
    fits_capacity = RadioField("Past deze baan bij wat je kunt (je belastbaarheid)?",
                               choices=[("ja", "Ja"), ("nee", "Nee")],
                               validators=[InputRequired("Geef aan of deze baan past bij wat je kunt.")])
