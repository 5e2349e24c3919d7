"""The send-reminders command, for cron or a systemd timer."""

from __future__ import annotations

from datetime import date

import click

from portal.casefile.reminders import generate_reminders
from portal.extensions import db
from portal.mail.services import deliver_pending
from portal.timeline import bp


@bp.cli.command("send-reminders")
@click.option("--date", "on_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Generate the reminders of this day (default: today).")
@click.option("--no-generate", is_flag=True, help="Only deliver the outbox.")
@click.option("--no-deliver", is_flag=True, help="Only generate reminders; leave mail in the outbox.")
def send_reminders_command(on_date, no_generate: bool, no_deliver: bool) -> None:
    """Generate due reminders and deliver pending outbox mail (safe to run as often as you like)."""
    if not no_generate:
        from portal.clock import local_today

        today: date = on_date.date() if on_date else local_today()
        generated = generate_reminders(today)
        db.session.commit()
        click.echo(f"Herinneringen {today}: {generated.notifications} melding(en), {generated.mails} e-mail(s) klaargezet.")
    if not no_deliver:
        result = deliver_pending()
        click.echo(f"Verzonden: {result.sent}, mislukt (later opnieuw): {result.failed}, in de wachtrij: {result.waiting}.")
        for error in result.errors[:5]:
            click.echo(f"  fout: {error}", err=True)
        if result.failed:
            raise SystemExit(1)
