"""Demo data: the foundation's people and trajectories, then each feature's seeder."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import click
from sqlalchemy import select

from portal.auth import services as accounts
from portal.auth.models import Organisation, Role, User
from portal.db_types import utcnow
from portal.extensions import db
from portal.registry import registry
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.trajectory.services import create_trajectory

DEMO_PASSWORD = "tweedespoor-demo"  # noqa: S105 - documented demo password
# Demo staff use two-factor login with this documented secret (add it to any authenticator app).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo secret


@dataclass
class DemoContext:
    """What feature seeders get: the demo people and trajectories, a date and a seeded RNG."""

    today: date
    rng: random.Random
    users: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    trajectories: dict[str, Trajectory] = field(default_factory=dict)

    @property
    def main(self) -> Trajectory:
        """Sanne de Vries's trajectory (kandidaat@demo.nl, adviseur@demo.nl, werkgever@demo.nl)."""
        return self.trajectories["sanne"]

    @property
    def second(self) -> Trajectory:
        """Ahmed Yilmaz's trajectory (kandidaat2, adviseur2, werkgever2): shares nothing with main."""
        return self.trajectories["ahmed"]


ORGANISATIONS = {
    "zorg": ("Zorggroep Rivierenland", "Tiel"),
    "logistiek": ("Van Dijk Logistiek B.V.", "Venlo"),
}
STAFF = [
    ("admin", "beheer@demo.nl", "Bea Beheer", Role.ADMIN, None),
    ("advisor", "adviseur@demo.nl", "Mark Jansen", Role.ADVISOR, None),
    ("advisor2", "adviseur2@demo.nl", "Fatima El Amrani", Role.ADVISOR, None),
    ("advisor3", "adviseur3@demo.nl", "Joost van den Berg", Role.ADVISOR, None),
    ("employer", "werkgever@demo.nl", "Ingrid Bos", Role.EMPLOYER, "zorg"),
    ("employer2", "werkgever2@demo.nl", "Peter van Dijk", Role.EMPLOYER, "logistiek"),
]
# key, e-mail, name, employer, advisor key(s), weeks since first sick day, weeks in spoor 2, status
CANDIDATES = [
    ("sanne", "kandidaat@demo.nl", "Sanne de Vries", "zorg", ["advisor"], 70, 20, TrajectoryStatus.ACTIVE),
    ("ahmed", "kandidaat2@demo.nl", "Ahmed Yilmaz", "logistiek", ["advisor2"], 60, 12, TrajectoryStatus.ACTIVE),
    ("lisa", "lisa.bakker@demo.nl", "Lisa Bakker", "zorg", ["advisor"], 54, 4, TrajectoryStatus.ACTIVE),
    ("kees", "kees.smit@demo.nl", "Kees Smit", "zorg", ["advisor", "advisor3"], 88, 38, TrajectoryStatus.ACTIVE),
    ("maria", "maria.santos@demo.nl", "Maria Santos", "zorg", ["advisor"], 64, 16, TrajectoryStatus.PAUSED),
    ("henk", "henk.visser@demo.nl", "Henk Visser", "zorg", ["advisor"], 96, 44, TrajectoryStatus.PLACED),
    ("noor", "noor.hendriks@demo.nl", "Noor Hendriks", "zorg", ["advisor", "advisor3"], 58, 8, TrajectoryStatus.ACTIVE),
    ("daan", "daan.mulder@demo.nl", "Daan Mulder", "logistiek", ["advisor2"], 75, 24, TrajectoryStatus.ACTIVE),
    ("fleur", "fleur.dekker@demo.nl", "Fleur Dekker", "logistiek", ["advisor2"], 52, 2, TrajectoryStatus.ACTIVE),
    ("tom", "tom.peters@demo.nl", "Tom Peters", "logistiek", ["advisor3"], 82, 30, TrajectoryStatus.ACTIVE),
    ("yara", "yara.bos@demo.nl", "Yara Bos", "logistiek", ["advisor3"], 100, 50, TrajectoryStatus.CLOSED),
    ("sem", "sem.willems@demo.nl", "Sem Willems", "logistiek", ["advisor2", "advisor3"], 66, 14, TrajectoryStatus.ACTIVE),
]
DEMO_LOGINS = [
    ("Beheerder", "beheer@demo.nl"),
    ("Kandidaat (Sanne de Vries)", "kandidaat@demo.nl"),
    ("Adviseur (Mark Jansen)", "adviseur@demo.nl"),
    ("Werkgever (Zorggroep Rivierenland)", "werkgever@demo.nl"),
    ("Kandidaat 2 (Ahmed Yilmaz)", "kandidaat2@demo.nl"),
    ("Adviseur 2 (Fatima El Amrani)", "adviseur2@demo.nl"),
    ("Werkgever 2 (Van Dijk Logistiek)", "werkgever2@demo.nl"),
]


def _user(email: str, name: str, role: Role, organisation: Organisation | None = None) -> User:
    user = accounts.get_user_by_email(email)
    if user is None:
        user = accounts.create_user(email, name, role, DEMO_PASSWORD, organisation)
    return user


def _organisation(name: str, city: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, city=city)
        db.session.add(org)
    return org


def seed_foundation(ctx: DemoContext) -> None:
    for key, (name, city) in ORGANISATIONS.items():
        ctx.organisations[key] = _organisation(name, city)
    for key, email, name, role, org_key in STAFF:
        ctx.users[key] = _user(email, name, role, ctx.organisations.get(org_key))
        if not ctx.users[key].two_factor_enabled:
            ctx.users[key].totp_secret = DEMO_TOTP_SECRET
            ctx.users[key].totp_enabled_at = utcnow()
    ctx.users["advisor3"].is_case_manager = True
    db.session.flush()
    for number, (key, email, name, org_key, advisor_keys, sick_weeks, spoor2_weeks, status) in enumerate(
        CANDIDATES, start=1
    ):
        candidate = _user(email, name, Role.CANDIDATE)
        ctx.users[key] = candidate
        db.session.flush()
        reference = f"TS-DEMO-{number:03d}"
        trajectory = db.session.scalar(select(Trajectory).where(Trajectory.reference == reference))
        if trajectory is None:
            first_sick_day = ctx.today - timedelta(weeks=sick_weeks)
            trajectory = create_trajectory(
                candidate,
                ctx.organisations[org_key],
                [ctx.users[a] for a in advisor_keys],
                first_sick_day=first_sick_day,
                spoor2_start=ctx.today - timedelta(weeks=spoor2_weeks),
                weekly_target=2 if key != "kees" else 3,
                reference=reference,
            )
            trajectory.status = str(status)
            if status == TrajectoryStatus.CLOSED:
                trajectory.closed_on = ctx.today - timedelta(weeks=2)
        ctx.trajectories[key] = trajectory
    db.session.flush()


def seed_demo(today: date | None = None) -> DemoContext:
    """Load the whole demo; running it again changes nothing (each seeder checks first)."""
    ctx = DemoContext(today=today or date.today(), rng=random.Random(20261122))
    seed_foundation(ctx)
    for _, _, seeder in sorted(registry.demo_seeders, key=lambda s: (s[0], s[1])):
        seeder(ctx)
        db.session.flush()
    db.session.commit()
    return ctx


def print_logins() -> None:
    """Print the demo logins (`seed-demo`, and `make run` once at the end)."""
    echo = click.echo
    echo(f"Demo-logins (wachtwoord: {DEMO_PASSWORD}):")
    for label, email in DEMO_LOGINS:
        echo(f"  {label:<38} {email}")
    echo(f"Medewerkers (beheer, adviseur, werkgever) loggen in met een tweede stap: zet de sleutel "
         f"{DEMO_TOTP_SECRET} in een authenticator-app en vul de code van 6 cijfers in.")
    # The venv's python: the system python lacks the portal's packages.
    echo(f"  of maak de code zelf: .venv/bin/python -c \"from portal.security.twofactor import current_code; "
         f"print(current_code('{DEMO_TOTP_SECRET}'))\"")
