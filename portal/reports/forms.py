"""Forms of the reports feature: period and format, the advisor's summary, verification."""

from __future__ import annotations

from datetime import date

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.domain import bounds
from portal.domain.dates import DateKind
from portal.forms import Form, PlausibleDate, version_field
from portal.reports.models import OverviewFormat

SUMMARY_MAX = 5000


class OverviewForm(Form):
    """Which period and format to download; empty dates mean the whole trajectory so far."""

    start = DateField("Vanaf", validators=[Optional(), PlausibleDate(DateKind.QUERY)])
    end = DateField("Tot en met", validators=[Optional(), PlausibleDate(DateKind.QUERY)])
    # What people ask for; the machine CSV for systems is `overzicht.csv?dialect=machine`.
    format = SelectField("Bestandsformaat", choices=[("pdf", OverviewFormat.PDF.label),
                                                     ("csv", OverviewFormat.CSV_NL.label),
                                                     ("xlsx", OverviewFormat.XLSX.label)],
                         default="pdf")

    def check_period(self, trajectory, today: date) -> tuple[date, date] | None:
        """Fill in defaults and check the period against the trajectory; Dutch errors on the fields."""
        from portal.casefile.evidence import default_period

        default_start, default_end = default_period(trajectory, today)
        start = self.start.data or default_start
        end = self.end.data or default_end
        ok = True
        if start < trajectory.first_sick_day:
            self.start.errors = [*self.start.errors, "Kies een datum op of na de eerste ziektedag "
                                 f"({trajectory.first_sick_day:%d-%m-%Y})."]
            ok = False
        if end > today:
            self.end.errors = [*self.end.errors, "De einddatum mag niet in de toekomst liggen."]
            ok = False
        if start > end:
            self.end.errors = [*self.end.errors, "De einddatum ligt vóór de begindatum."]
            ok = False
        elif too_long := bounds.period_too_long(start, end):  # also when a stored first sick day is far off
            self.start.errors = [*self.start.errors, too_long]
            ok = False
        return (start, end) if ok else None


class SummaryForm(Form):
    version = version_field()  # the version the form was opened on
    text = TextAreaField("Samenvatting van de adviseur",
                         validators=[DataRequired(message="Schrijf eerst een samenvatting."), Length(max=SUMMARY_MAX)])
    share = BooleanField("Direct delen met de werkgever")


class VerifyForm(Form):
    code = StringField("Verificatiecode", validators=[DataRequired(message="Vul de verificatiecode in."),
                                                      Length(max=40)])
    file = FileField("Bestand om te vergelijken")
