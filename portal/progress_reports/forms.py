"""Forms of progress reports: a new report, the advisor's texts, the candidate's response, a correction."""

from __future__ import annotations

from datetime import date

from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.domain.dates import DateKind
from portal.forms import Form, PlausibleDate, version_field
from portal.progress_reports.models import Judgement, ReportKind, written_sections

TEXT_MAX = 5000
RESPONSE_MAX = 3000


class NewReportForm(Form):
    kind = SelectField("Soort rapportage", choices=ReportKind.choices(), default=ReportKind.PROGRESS.value)
    start = DateField("Periode vanaf", validators=[Optional(), PlausibleDate(DateKind.PLAN)])
    end = DateField("Periode tot en met", validators=[Optional(), PlausibleDate(DateKind.PLAN)])

    def check_period(self, trajectory, default: tuple[date, date], today: date) -> tuple[date, date] | None:
        start = self.start.data or default[0]
        end = self.end.data or default[1]
        ok = True
        if start < trajectory.spoor2_start:
            self.start.errors = [*self.start.errors, "Kies een datum op of na de start van het tweede spoor "
                                 f"({trajectory.spoor2_start:%d-%m-%Y})."]
            ok = False
        if end > today:
            self.end.errors = [*self.end.errors, "De periode kan niet in de toekomst eindigen."]
            ok = False
        if start > end:
            self.end.errors = [*self.end.errors, "De einddatum ligt vóór de begindatum."]
            ok = False
        return (start, end) if ok else None


def _text_field(section) -> TextAreaField:
    return TextAreaField(section.title, description=section.hint, validators=[Optional(), Length(max=TEXT_MAX)])


class ReportTextForm(Form):
    """Every section the advisor writes (the end report's outcome only shows on an end report)."""

    version = version_field()
    choice = RadioField("Oordeel", choices=Judgement.choices(), validators=[Optional()], validate_choice=True)


for _section in written_sections(ReportKind.FINAL):
    setattr(ReportTextForm, _section.key, _text_field(_section))


def text_fields(form: ReportTextForm, kind: str) -> list:
    return [form[s.key] for s in written_sections(kind)]


class ResponseForm(Form):
    text = TextAreaField("Jouw reactie (zienswijze)", validators=[
        DataRequired(message="Schrijf je reactie, of kies 'Ik ben het eens met de rapportage'."),
        Length(max=RESPONSE_MAX)])


class CorrectionForm(Form):
    note = TextAreaField("Wat verandert er in de correctie?", validators=[
        DataRequired(message="Schrijf op wat er verandert: dat komt in de nieuwe versie te staan."),
        Length(min=10, max=1000, message="Schrijf in 10 tot 1000 tekens wat er verandert.")])
