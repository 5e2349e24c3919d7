"""Long texts: never cut off by the browser, a visible counter, a Dutch message in "tekens"
that says how long the text is, and the text kept."""

from __future__ import annotations

from flask import render_template_string
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from portal.forms import Form

TEMPLATE = '{% from "_macros.html" import field %}{{ field(form.notes) }}{{ field(form.name) }}'


class NoteForm(Form):
    class Meta:
        csrf = False

    notes = TextAreaField("Notities", validators=[Length(max=50)])
    name = StringField("Naam", validators=[Length(min=2, max=20)])


def test_textarea_has_a_counter_and_no_maxlength(app):
    with app.test_request_context():
        form = NoteForm(formdata=None, data={"notes": "Twaalf tekens", "name": "Sanne"})
        html = render_template_string(TEMPLATE, form=form)
    textarea = html[html.index("<textarea"):html.index(">", html.index("<textarea"))]
    assert "maxlength" not in textarea and 'data-max-chars="50"' in textarea
    assert 'aria-describedby="notes-count"' in textarea
    assert '<p class="hint char-count" id="notes-count" data-for="notes">13 van 50 tekens</p>' in html
    assert 'maxlength="20"' in html  # a short one-line field keeps the browser's limit


def test_too_long_text_is_kept_with_a_message_in_tekens(app):
    with app.test_request_context():
        long_text = "x" * 80
        form = NoteForm(formdata=MultiDict({"notes": long_text, "name": "S"}))
        assert not form.validate()
        assert form.notes.errors == ["Maximaal 50 tekens; je tekst telt er 80. Je tekst staat er nog: "
                                     "maak hem wat korter."]
        assert form.name.errors == ["Tussen 2 en 20 tekens; je tekst telt er 1."]
        html = render_template_string(TEMPLATE, form=form)
    assert long_text in html and "char-count-over" in html and "karakters" not in html
