"""Forms for employers, accounts and trajectories."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from portal import bureau
from portal.admin.services import duplicate_organisation
from portal.auth.models import ROLE_LABELS
from portal.auth.services import email_taken, normalise_email
from portal.clock import local_today
from portal.domain.dates import DateKind
from portal.domain.timeline import trajectory_date_problems
from portal.forms import Form, MultiCheckboxField, PlausibleDate
from portal.uploads import sniff

REQUIRED = "Dit veld is verplicht."
DATE_MSG = "Vul een geldige datum in."
EMAIL_MSG = "Vul een geldig e-mailadres in."


def _kvk(field) -> None:
    if field.data and not re.fullmatch(r"\d{8}", field.data.strip()):
        raise ValidationError("Een KvK-nummer bestaat uit 8 cijfers.")


def _duplicate_message(name: str, kvk: str | None, exclude_id: int | None) -> str | None:
    existing = duplicate_organisation(name, kvk, exclude_id)
    if existing is None:
        return None
    if kvk and existing.kvk_number == kvk:
        return f"Het KvK-nummer {kvk} hoort al bij {existing.name}."
    return f"Deze werkgever bestaat al: {existing.name}."


class OrganisationForm(Form):
    name = StringField("Naam van de werkgever", validators=[DataRequired(REQUIRED), Length(max=200)])
    city = StringField("Plaats", validators=[Optional(), Length(max=100)])
    kvk_number = StringField("KvK-nummer", validators=[Optional(), Length(max=8, message="Een KvK-nummer bestaat uit 8 cijfers.")])

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def validate_kvk_number(self, field) -> None:
        _kvk(field)

    def validate_name(self, field) -> None:
        message = _duplicate_message(field.data, (self.kvk_number.data or "").strip() or None, self.organisation_id)
        if message:
            raise ValidationError(message)


class UserForm(Form):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED), Email(EMAIL_MSG), Length(max=254)])
    role = SelectField("Rol", choices=[(role.value, label) for role, label in ROLE_LABELS.items()])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_email(self, field) -> None:
        if normalise_email(field.data) != self.user.email and email_taken(field.data):
            raise ValidationError("Dit e-mailadres is al in gebruik voor een ander account.")

    def validate_role(self, field) -> None:
        from portal.admin.services import role_change_problem

        if problem := role_change_problem(self.user, field.data):
            raise ValidationError(problem)


class TrajectoryForm(Form):
    """One go: employer (pick or add), candidate (pick or invite), advisors, dates, target."""

    employer_id = SelectField("Werkgever", coerce=int, validate_choice=False)
    new_employer_name = StringField("Of een nieuwe werkgever: naam", validators=[Optional(), Length(max=200)])
    new_employer_city = StringField("Plaats van de nieuwe werkgever", validators=[Optional(), Length(max=100)])
    candidate_id = SelectField("Kandidaat", coerce=int, validate_choice=False)
    new_candidate_name = StringField("Of een nieuwe kandidaat uitnodigen: naam", validators=[Optional(), Length(max=200)])
    new_candidate_email = EmailField("E-mailadres van de nieuwe kandidaat",
                                     validators=[Optional(), Email(EMAIL_MSG), Length(max=254)])
    advisor_ids = MultiCheckboxField("Adviseur(s)", coerce=int, validators=[DataRequired("Kies minstens één adviseur.")])
    first_sick_day = DateField("Eerste ziektedag", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.TRAJECTORY)])
    spoor2_start = DateField("Start tweede spoor", validators=[DataRequired(DATE_MSG), PlausibleDate(DateKind.TRAJECTORY)])
    planned_end = DateField("Geplande einddatum", validators=[Optional(), PlausibleDate(DateKind.TRAJECTORY_END)])
    late_start_reason = TextAreaField("Reden voor een late start", validators=[Optional(), Length(max=2000)])
    weekly_target = IntegerField(
        "Afgesproken sollicitaties per week",
        default=2,
        validators=[DataRequired(REQUIRED), NumberRange(0, 20, "Kies een aantal van 0 tot en met 20.")],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Employer: one from the list, or a new one (not a duplicate of a listed one).
        if not self.employer_id.data and not (self.new_employer_name.data or "").strip():
            self.employer_id.errors.append("Kies een werkgever of vul de naam van een nieuwe werkgever in.")
            valid = False
        elif not self.employer_id.data and (message := _duplicate_message(self.new_employer_name.data, None, None)):
            self.new_employer_name.errors.append(message + " Kies die in de lijst.")
            valid = False
        # Candidate: one from the list (only candidates without an open trajectory are
        # offered), or a new one to invite.
        new_candidate = (self.new_candidate_name.data or "").strip() or (self.new_candidate_email.data or "").strip()
        if not self.candidate_id.data and not new_candidate:
            self.candidate_id.errors.append("Kies een kandidaat of nodig een nieuwe kandidaat uit.")
            valid = False
        elif not self.candidate_id.data:
            if not (self.new_candidate_name.data or "").strip():
                self.new_candidate_name.errors.append("Vul de naam van de nieuwe kandidaat in.")
                valid = False
            if not (self.new_candidate_email.data or "").strip():
                self.new_candidate_email.errors.append("Vul het e-mailadres van de nieuwe kandidaat in.")
                valid = False
            elif email_taken(self.new_candidate_email.data):
                self.new_candidate_email.errors.append("Dit e-mailadres heeft al een account: kies die kandidaat in de lijst.")
                valid = False
        dates_plausible = not (self.first_sick_day.errors or self.spoor2_start.errors or self.planned_end.errors)
        if self.first_sick_day.data and self.spoor2_start.data and dates_plausible:
            # Only plausible dates reach the calendar: 9999-12-31 plus 104 weeks does not exist.
            for problem in trajectory_date_problems(self.first_sick_day.data, self.spoor2_start.data,
                                                    self.planned_end.data, local_today()):
                if problem.warning and (self.late_start_reason.data or "").strip():
                    continue  # explained
                target = self.late_start_reason if problem.warning else getattr(self, problem.field)
                target.errors.append(problem.message)
                valid = False
        return valid

    def validate_candidate_id(self, field) -> None:
        # Only ids offered in the list are accepted: candidates with an open trajectory
        # are not offered (a second one would silently take over the candidate's portal).
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Deze kandidaat heeft al een traject dat niet is afgesloten. Sluit dat traject eerst af.")

    def validate_employer_id(self, field) -> None:
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Kies een werkgever uit de lijst.")


class BureauForm(Form):
    """The bureau's name and logo on every PDF and in its mails."""

    name = StringField("Naam van het bureau", validators=[DataRequired(REQUIRED), Length(max=200)])
    logo = FileField("Logo (PNG of JPEG, max. 512 kB)")
    remove_logo = BooleanField("Logo weghalen (dan staat het logo van Tweede Spoor Online op de PDF's)")

    def validate_logo(self, field) -> None:
        """The logo's bytes and type when one was chosen; a clear message otherwise."""
        self.logo_bytes, self.logo_type = None, ""
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            return
        try:
            data = upload.read(bureau.LOGO_MAX_BYTES + 1)
        finally:
            upload.close()  # a large upload is a temporary file: read what counts, close it
        if len(data) > bureau.LOGO_MAX_BYTES:
            raise ValidationError(f"Dit logo is groter dan {bureau.LOGO_MAX_BYTES // 1024} kB. Kies een kleinere afbeelding.")
        kind = sniff(data)
        if kind not in bureau.LOGO_KINDS:
            raise ValidationError("Kies een PNG- of JPEG-afbeelding als logo.")
        self.logo_bytes, self.logo_type = data, bureau.LOGO_KINDS[kind]
