"""Flask CLI commands: demo data and user creation (features add their own)."""

from __future__ import annotations

import click
from flask import Flask

from portal.auth import services as accounts
from portal.auth.models import Organisation, Role
from portal.extensions import db


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo bureau, people and histories (safe to run twice)."""
    from portal.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo

    seed_demo()
    click.echo(f"Demodata geladen. Inloggen met wachtwoord '{DEMO_PASSWORD}':")
    for label, email in DEMO_LOGINS:
        click.echo(f"  {label:<38} {email}")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--organisation", default="", help="Employer name (employer contacts only).")
@click.password_option("--password", help="At least 12 characters.")
def create_user_command(email: str, name: str, role: str, organisation: str, password: str) -> None:
    """Create a user with a password (for the first admin of a new installation)."""
    if accounts.email_taken(email):
        raise click.ClickException(f"A user with e-mail {email} already exists.")
    if len(password) < 12:
        raise click.ClickException("The password must be at least 12 characters.")
    org = None
    if role == Role.EMPLOYER:
        if not organisation:
            raise click.ClickException("Employer contacts need --organisation.")
        org = db.session.scalar(db.select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = Organisation(name=organisation)
            db.session.add(org)
    accounts.create_user(email, name, role, password, org)
    db.session.commit()
    click.echo(f"Created {role} {email}.")
