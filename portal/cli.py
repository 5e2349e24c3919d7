"""Flask CLI commands: demo data and user creation (features add their own)."""

from __future__ import annotations

import click
from flask import Flask

from portal.auth import services as accounts
from portal.auth.models import Organisation, Role
from portal.background.cli import worker_command
from portal.extensions import db


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(generate_scale_data_command)
    app.cli.add_command(check_dates_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(storage_copy_command)


@click.command("seed-demo")
@click.option("--no-logins", is_flag=True, help="Do not print the demo logins (`make run` prints them at the end).")
def seed_demo_command(no_logins: bool) -> None:
    """Load the demo bureau, people and histories (safe to run twice)."""
    from portal.demo import print_logins, seed_demo

    seed_demo()
    click.echo("Demodata geladen.")
    if not no_logins:
        print_logins()


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


@click.command("generate-scale-data")
@click.option("--trajectories", default=3000, show_default=True)
@click.option("--advisors", default=100, show_default=True)
@click.option("--employers", default=60, show_default=True)
@click.option("--years", default=2.0, show_default=True, help="Diary history per trajectory, at most.")
@click.option("--vacancies", default=10000, show_default=True)
@click.option("--seed", default=1, show_default=True)
def generate_scale_data_command(trajectories, advisors, employers, years, vacancies, seed) -> None:
    """Fill the database with a bureau of the given size (deterministic per seed)."""
    from portal.scale.generate import BENCH_PASSWORD, ScaleSpec, estimate_rows, generate

    spec = ScaleSpec(trajectories=trajectories, advisors=advisors, employers=employers, years=years,
                     vacancies=vacancies, seed=seed)
    with click.progressbar(length=estimate_rows(spec), label="Schaaldata genereren",
                           show_pos=True, show_eta=True) as bar:
        counts = generate(spec, progress=lambda step, n: bar.update(n))
    for name, count in counts.items():
        click.echo(f"  {name:<20} {count:>10,}")
    click.echo(f"Wachtwoord van alle gegenereerde accounts: {BENCH_PASSWORD}")


@click.command("check-dates")
def check_dates_command() -> None:
    """Report stored dates outside the date policy (changes nothing; exit 1 when any are found)."""
    from portal.clock import local_today
    from portal.core.dates_report import implausible_dates

    findings = implausible_dates(local_today())
    for f in findings:
        click.echo(f"{f.table}.{f.column}: {f.count} rij(en) buiten de verwachte periode ({f.earliest} .. {f.latest})")
    if not findings:
        click.echo("Alle opgeslagen datums liggen binnen de verwachte periode.")
    raise SystemExit(1 if findings else 0)


@click.command("copy-files")
@click.option("--to", "target", type=click.Choice(["database", "local"]), required=True)
def storage_copy_command(target: str) -> None:
    """Copy every upload and stored overview into the other file storage (before switching FILE_STORAGE)."""
    from flask import current_app

    from portal import storage

    local, database = storage.local_store(current_app.config), storage.DatabaseStore()
    source, destination = (local, database) if target == "database" else (database, local)
    copied = sum(storage.copy_all(source, destination, f"{area}/") for area in storage.AREAS)
    db.session.commit()
    click.echo(f"{copied} bestanden gekopieerd naar {target}.")
