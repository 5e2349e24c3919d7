"""Forms of the learning feature."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import ConditionallyRequired, Form
from portal.learning.services import MAX_FEEDBACK, MAX_TEXT


class AssignmentForm(Form):
    text = TextAreaField("Jouw antwoord", validators=[Length(max=MAX_TEXT)])
    file = FileField("Bestand (PDF, Word, PNG of JPEG, hoogstens 10 MB)")
    save = SubmitField("Concept bewaren")
    submit = SubmitField("Inleveren bij je adviseur")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReviewForm(Form):
    feedback = TextAreaField("Feedback voor de kandidaat (nodig bij 'Laten aanpassen')",
                             validators=[ConditionallyRequired(), Length(max=MAX_FEEDBACK)])
    snippets = MultiCheckboxField("Feedbackfragmenten toevoegen", coerce=int, validate_choice=True)
    approve = SubmitField("Goedkeuren")
    revise = SubmitField("Laten aanpassen")


class SnippetForm(Form):
    title = StringField("Korte naam", validators=[DataRequired(), Length(max=120)])
    body = TextAreaField("Tekst van het fragment", validators=[DataRequired(), Length(max=5000)])
    save = SubmitField("Fragment bewaren")
