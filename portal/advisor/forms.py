"""Forms of the advisor workspace: appointments with reports, notes, trajectory data."""

from __future__ import annotations

from datetime import datetime

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.advisor.models import (
    LOCATION_MAX,
    NOTE_MAX,
    REPORT_MAX,
    AppointmentKind,
    AppointmentStatus,
    NoteVisibility,
)
from portal.clock import LOCAL_TZ
from portal.db_types import utcnow
from portal.domain.dates import DateKind
from portal.forms import Form, HttpUrl, PlausibleDate, version_field

REASON_MAX = 1000


class AppointmentForm(Form):
    version = version_field()  # the version the form was opened on
    kind = SelectField("Soort contact", choices=AppointmentKind.choices(), validators=[DataRequired()])
    status = SelectField("Status", choices=AppointmentStatus.choices(), default=AppointmentStatus.PLANNED.value)
    day = DateField("Datum", validators=[InputRequired(message="Vul een datum in."), PlausibleDate(DateKind.APPOINTMENT)])
    start_time = TimeField("Begintijd", validators=[InputRequired(message="Vul een begintijd in.")])
    duration_minutes = IntegerField(
        "Duur in minuten", default=60,
        validators=[InputRequired(), NumberRange(min=5, max=480, message="Tussen 5 en 480 minuten.")],
    )
    location = StringField("Plaats of link", validators=[Optional(), Length(max=LOCATION_MAX)])
    goal = TextAreaField("Doel van het gesprek", validators=[Optional(), Length(max=REPORT_MAX)])
    participants = TextAreaField("Wie waren erbij", validators=[Optional(), Length(max=REPORT_MAX)])
    agreements = TextAreaField("Afspraken", validators=[Optional(), Length(max=REPORT_MAX)])
    next_step = TextAreaField("Volgende stap", validators=[Optional(), Length(max=REPORT_MAX)])
    # Shown once the advisor has another appointment at that time (the view decides).
    confirm_overlap = BooleanField("Toch opslaan: ik weet dat deze afspraak overlapt met een andere")
    overlaps: list = []  # the advisor's appointments at the same time, set by the view

    def starts_at(self) -> datetime | None:
        if self.day.data is None or self.start_time.data is None:
            return None
        return datetime.combine(self.day.data, self.start_time.data, tzinfo=LOCAL_TZ)

    def validate_status(self, field):
        starts_at = self.starts_at()
        if starts_at is None:
            return
        # Held or no-show describe the past: a future one would count as a contact
        # in the evidence for UWV before it took place.
        if field.data in (AppointmentStatus.HELD.value, AppointmentStatus.NO_SHOW.value) and starts_at > utcnow():
            raise ValidationError(
                "Een afspraak in de toekomst kan nog niet gehouden of gemist zijn. "
                "Kies 'Gepland' of pas de datum en tijd aan."
            )
        # A planned appointment is still to come; one that passed was held, missed or called off.
        if field.data == AppointmentStatus.PLANNED.value and starts_at < utcnow():
            raise ValidationError(
                "Een geplande afspraak kan niet in het verleden liggen. Kies een latere datum en tijd, "
                "of leg vast hoe het ging: 'Gehouden', 'Niet verschenen' of 'Afgezegd'."
            )

    def validate_location(self, field):
        # A place ("Kantoor Utrecht") or a link; whatever looks like a link must be a safe one.
        text = (field.data or "").strip()
        if text.lower().startswith(("http:", "https:", "www.")) or "://" in text:
            try:
                URL(require_tld=True)(self, field)
                HttpUrl()(self, field)
            except ValidationError as exc:
                raise ValidationError("Dit is geen geldige link (begin met https://).") from exc


class NoteForm(Form):
    version = version_field()  # the version the form was opened on
    body = TextAreaField("Notitie", validators=[DataRequired(message="Schrijf een notitie."), Length(max=NOTE_MAX)])
    visibility = RadioField(
        "Wie mag dit lezen?", choices=NoteVisibility.choices(), default=NoteVisibility.INTERNAL.value,
        validators=[DataRequired()],
    )


class TrajectoryDataForm(Form):
    first_sick_day = DateField("Eerste ziektedag", validators=[InputRequired(message="Vul een datum in."), PlausibleDate(DateKind.TRAJECTORY)])
    spoor2_start = DateField("Start tweede spoor", validators=[InputRequired(message="Vul een datum in."), PlausibleDate(DateKind.TRAJECTORY)])
    planned_end = DateField("Geplande einddatum", validators=[InputRequired(message="Vul een datum in."), PlausibleDate(DateKind.TRAJECTORY_END)])
    reason = TextAreaField(
        "Reden van de wijziging",
        validators=[DataRequired(message="Leg uit waarom je dit wijzigt."), Length(max=REASON_MAX)],
    )

    def validate_spoor2_start(self, field):
        if field.data and self.first_sick_day.data and field.data < self.first_sick_day.data:
            raise ValidationError("De start van het tweede spoor ligt niet voor de eerste ziektedag.")

    def validate_planned_end(self, field):
        if field.data and self.spoor2_start.data and field.data <= self.spoor2_start.data:
            raise ValidationError("De einddatum ligt na de start van het tweede spoor.")


class TargetChangeForm(Form):
    """A new weekly target from a date on: stored as a revision of the plan of approach."""

    weekly_target = IntegerField(
        "Nieuw doel: sollicitaties per week",
        validators=[InputRequired(message="Vul een aantal in."),
                    NumberRange(min=0, max=20, message="Kies een aantal van 0 tot en met 20.")],
    )
    effective_from = DateField("Geldt vanaf", validators=[InputRequired(message="Vul een datum in."), PlausibleDate(DateKind.PLAN)])
    reason = TextAreaField(
        "Waarom verandert het doel?",
        validators=[DataRequired(message="Leg uit waarom het doel verandert."), Length(max=2000)],
    )

    def __init__(self, *args, earliest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def validate_effective_from(self, field):
        if field.data and self.earliest and field.data < self.earliest:
            raise ValidationError("Een nieuw doel geldt vanaf deze week of later; eerdere weken houden hun doel.")
