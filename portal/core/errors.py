"""Friendly Dutch error pages; never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Er ging iets mis met je verzoek", "De gegevens die we ontvingen konden we niet verwerken. Ga terug en probeer het opnieuw."),
    401: ("Log eerst in", "Voor deze pagina moet je ingelogd zijn."),
    403: ("Geen toegang", "Je hebt geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer), of je hebt er geen toegang toe."),
    405: ("Dit kan zo niet", "Deze actie is op deze manier niet mogelijk."),
    409: ("Tegelijk gewijzigd", "Iemand anders heeft dit op hetzelfde moment gewijzigd. Er is niets opgeslagen. "
          "Open het formulier opnieuw en bekijk de nieuwste versie."),
    413: ("Bestand te groot", "Het bestand of formulier is te groot. Kies een kleiner bestand."),
    429: ("Even geduld", "Je hebt dit te vaak achter elkaar geprobeerd. Wacht even en probeer het dan opnieuw."),
    500: ("Er ging iets mis aan onze kant", "Probeer het over een paar minuten opnieuw. Blijft het misgaan, neem dan contact op met je adviseur."),
}


_FALLBACK = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><main><h1>{title}</h1><p>{text}</p><p><a href=\"/\">Naar de startpagina</a></p></main></body></html>"
)


def render_error(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    try:
        return render_template("errors/error.html", code=code, title=title, text=detail or text), code
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        current_app.logger.exception("Error page could not be rendered")
        return _FALLBACK.format(title=escape(title), text=escape(detail or text)), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        if request.path.startswith("/api/"):
            return {"error": MESSAGES.get(error.code or 500, MESSAGES[500])[0]}, error.code
        return render_error(error.code or 500)

    @app.errorhandler(StaleDataError)
    def stale_data(error):
        # Two saves of one versioned row raced past the form's version check: the UPDATE
        # matched no row, so nothing was written (portal.forms.refuse_stale covers the rest).
        from portal.extensions import db

        db.session.rollback()
        return render_error(409)

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from portal.extensions import db

        db.session.rollback()
        return render_error(500)
