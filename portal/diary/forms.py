"""Diary forms: quick on a phone, only date, kind and organisation required."""

from __future__ import annotations

from datetime import date

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.domain.activities import (
    ActivityKind,
    ApplicationStatus,
    Channel,
    Method,
    NetworkingOutcome,
    default_status,
    is_networking_kind,
    outcomes_for,
    status_fits_kind,
)
from portal.domain.dates import DateKind
from portal.forms import ConditionallyRequired, Form, HttpUrl, PlausibleDate, version_field

CHOOSE = [("", "Kies…")]
# One list with two groups: the application's pipeline and a networking conversation's
# outcomes (static/js/diary-status.js shows the group that fits the chosen kind).
STATUS_CHOICES = {
    "Nog niet gedaan": [(ApplicationStatus.PLANNED.value, ApplicationStatus.PLANNED.label)],
    "Sollicitatie": [c for c in ApplicationStatus.choices() if c[0] != ApplicationStatus.PLANNED],
    "Netwerk- of informatiegesprek": [c for c in NetworkingOutcome.choices() if c[0] != NetworkingOutcome.PLANNED],
}


def status_problem(kind: str) -> str:
    if is_networking_kind(kind):
        return "Kies een uitkomst van het gesprek, zoals ‘Gesprek gehad’ of ‘Nieuw contact’."
    return "Kies een status van de sollicitatie, zoals ‘Verstuurd’ of ‘Gesprek’."


CAPACITY_CHOICES = [("ja", "Ja"), ("nee", "Nee"), ("", "Weet ik niet")]


class EntryForm(Form):
    version = version_field()  # the version the form was opened on
    entry_date = DateField("Datum", validators=[InputRequired("Vul de datum in."), PlausibleDate(DateKind.WEEK)])
    kind = SelectField("Soort activiteit", choices=CHOOSE + ActivityKind.choices(),
                       validators=[DataRequired("Kies wat je hebt gedaan.")])
    organisation = StringField("Organisatie", validators=[DataRequired("Vul de naam van de organisatie in."),
                                                          Length(max=200)])
    position = StringField("Functie of vacature", validators=[Optional(), Length(max=200)])
    place = StringField("Plaats", validators=[Optional(), Length(max=100)])
    contact_person = StringField("Contactpersoon", validators=[Optional(), Length(max=200)])
    channel = SelectField("Kanaal", choices=CHOOSE + Channel.choices(), validators=[Optional()])
    method = SelectField("Manier", choices=CHOOSE + Method.choices(), validators=[Optional()])
    status = SelectField("Status of uitkomst", choices=STATUS_CHOICES, default=ApplicationStatus.SENT.value,
                         validators=[InputRequired("Kies een status.")])
    fits_capacity = RadioField("Past het bij wat je kunt (je belastbaarheid)?", choices=CAPACITY_CHOICES,
                               default="", validate_choice=False)
    external_url = URLField("Link naar de vacature", validators=[
        Optional(), Length(max=500), HttpUrl("Vul een volledige link in, zoals https://…")])
    follow_up_on = DateField("Opvolgen op", validators=[Optional(), PlausibleDate(DateKind.WEEK)])
    notes = TextAreaField("Notities", validators=[Optional(), Length(max=5000)])
    attachment = FileField("Bijlage (brief, cv, bevestiging)")
    outside_confirmed = BooleanField("Ik wil deze activiteit toch vastleggen; ik weet dat ze niet meetelt")
    outside_reason = TextAreaField("Waarom leg je deze activiteit vast?", validators=[Optional(), Length(max=500)])
    # The trajectory's counting window (set by the view): a date outside it needs a reason.
    window = None
    needs_outside_reason = False

    def validate_fits_capacity(self, field):
        if field.data not in ("ja", "nee", "", None):
            raise ValidationError("Kies ja, nee of weet ik niet.")

    def validate_entry_date(self, field):
        from portal.clock import local_today
        from portal.diary.services import future_date_problem

        problem = future_date_problem(field.data, self.status.data, local_today())
        if problem:
            raise ValidationError(problem)
        if field.data and self.window is not None and not self.window.contains(field.data):
            self.needs_outside_reason = True
            if not (self.outside_confirmed.data and (self.outside_reason.data or "").strip()):
                raise ValidationError(outside_message(field.data, self.window))

    def validate_status(self, field):
        # Without script the networking outcomes are not filtered, and the default
        # ("Verstuurd") stays selected: that one reads as "Gesprek gehad" (entry_fields).
        if is_networking_kind(self.kind.data) and field.data == ApplicationStatus.SENT.value:
            return
        if self.kind.data and not status_fits_kind(self.kind.data, field.data):
            raise ValidationError(status_problem(self.kind.data))

    def validate_follow_up_on(self, field):
        if field.data and self.entry_date.data and field.data < self.entry_date.data:
            raise ValidationError("De opvolgdatum ligt vóór de datum van de activiteit.")

    def entry_fields(self) -> dict:
        """The form's values as DiaryEntry fields."""
        return {
            "entry_date": self.entry_date.data,
            "kind": self.kind.data,
            "organisation": self.organisation.data.strip(),
            "position": (self.position.data or "").strip(),
            "place": (self.place.data or "").strip(),
            "contact_person": (self.contact_person.data or "").strip(),
            "channel": self.channel.data or "",
            "method": self.method.data or "",
            "status": (default_status(self.kind.data) if is_networking_kind(self.kind.data)
                       and self.status.data == ApplicationStatus.SENT.value else self.status.data),
            "fits_capacity": {"ja": True, "nee": False}.get(self.fits_capacity.data),
            "external_url": (self.external_url.data or "").strip(),
            "follow_up_on": self.follow_up_on.data,
            "notes_html": _notes_html(self.notes.data),
            "outside_reason": (self.outside_reason.data or "").strip() if self.needs_outside_reason else "",
        }


def outside_message(day: date, window) -> str:
    """The Dutch question next to a date outside the trajectory."""
    from portal.core.templating import date_nl

    where = (f"vóór de start van het tweede spoor ({date_nl(window.start)})" if day < window.start
             else f"na het einde van het traject ({date_nl(window.end)})")
    return (f"Deze datum ligt {where}. Klopt de datum toch? Vink hieronder aan dat je de activiteit wilt "
            "vastleggen en schrijf waarom. Ze wordt dan getoond, maar telt niet mee.")


def _notes_html(text: str | None) -> str:
    from portal.diary.services import notes_html_from_text

    return notes_html_from_text(text)


def notes_text(html: str) -> str:
    """Stored notes back to plain lines for the textarea (entities decoded exactly once)."""
    from portal.diary.services import notes_text as _notes_text

    return _notes_text(html)


class MoveForm(Form):
    status = SelectField("Nieuwe status", choices=ApplicationStatus.choices(),
                         validators=[InputRequired("Kies een status.")])

    @classmethod
    def for_entry(cls, entry, **kwargs):
        """A move form whose choices fit the entry: networking outcomes or the pipeline."""
        form = cls(**kwargs)
        form.status.choices = outcomes_for(entry.kind).choices()
        if is_networking_kind(entry.kind):
            form.status.label.text = "Nieuwe uitkomst"
        return form
    changed_on = DateField("Sinds", validators=[InputRequired("Vul de datum in."), PlausibleDate(DateKind.WEEK)])


class AddendumForm(Form):
    text = TextAreaField("Aanvulling of correctie", validators=[
        DataRequired("Schrijf wat je wilt aanvullen of corrigeren."), Length(max=2000)])


class AttachForm(Form):
    attachment = FileField("Bestand", validators=[FileRequired("Kies een bestand.")])


class WeekReasonForm(Form):
    reason = TextAreaField("Waarom minder sollicitaties deze week?", validators=[Optional(), Length(max=1000)])


class ReviewForm(Form):
    judgement = RadioField("Oordeel over deze week", choices=[
        ("sufficient", "Voldoende"), ("insufficient", "Onvoldoende")],
        validators=[InputRequired("Kies voldoende of onvoldoende.")])
    # Required only when the judgement is "insufficient": see validate_reason.
    reason = TextAreaField("Toelichting", validators=[ConditionallyRequired(), Length(max=2000)])

    def validate_reason(self, field):
        if self.judgement.data == "insufficient" and not (field.data or "").strip():
            raise ValidationError("Geef een reden als de week onvoldoende is.")


class ImportForm(Form):
    file = FileField("CSV-bestand", validators=[FileRequired("Kies een CSV-bestand.")])


class ConfirmImportForm(Form):
    payload = HiddenField()
