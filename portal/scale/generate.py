"""Fill a database with a bureau of a given size, deterministically for a seed.

Rows go in with bulk core inserts and explicit ids (fast on SQLite and PostgreSQL); each
step reports progress through a callback so the CLI can draw a progress bar.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, text

from portal.auth.models import Organisation, Role, User
from portal.auth.services import hash_password
from portal.diary.models import DiaryEntry, WeekReview
from portal.domain.activities import (
    APPLICATION_KINDS,
    NETWORKING_FROM_APPLICATION_STATUS,
    ActivityKind,
    ApplicationStatus,
    Channel,
    Method,
    is_networking_kind,
)
from portal.domain.weeks import Week
from portal.extensions import db
from portal.jobs.models import Vacancy
from portal.jobs.places import all_places
from portal.trajectory.models import Pause, Trajectory, trajectory_advisors

STATUSES = [s.value for s in ApplicationStatus]


def _status(kind: ActivityKind, status: str) -> str:
    """Networking entries get their own outcomes (same draw, so the same data otherwise)."""
    return NETWORKING_FROM_APPLICATION_STATUS[status] if is_networking_kind(kind.value) else status


BENCH_PASSWORD = "tweedespoor-bench"  # noqa: S105 - documented benchmark password
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - public demo secret for generated staff
CHUNK = 5000
ORGS = ["Zorg", "Logistiek", "Bouw", "Onderwijs", "Retail", "Overheid", "Techniek", "Horeca", "ICT", "Finance"]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere",
          "Breda", "Nijmegen", "Arnhem", "Zwolle", "Leeuwarden", "Maastricht", "Amersfoort", "Apeldoorn"]
TITLES = ["Administratief medewerker", "Magazijnmedewerker", "Klantenservicemedewerker", "Planner",
          "Receptionist", "Teamleider", "Medewerker inkoop", "Servicemonteur", "Onderwijsassistent",
          "Helpdeskmedewerker", "Verkoopmedewerker", "Coördinator", "Medewerker facilitaire dienst",
          "Data-analist", "Beleidsmedewerker", "Zorgadministrateur", "Chauffeur", "Productiemedewerker"]
KINDS = list(ActivityKind)
KIND_WEIGHTS = [30, 12, 8, 10, 8, 4, 3, 4, 6, 2, 5]


@dataclass
class ScaleSpec:
    trajectories: int = 3000
    advisors: int = 100
    employers: int = 60
    years: float = 2.0
    vacancies: int = 10000
    entries_per_week: float = 4.0
    seed: int = 1
    today: date = field(default_factory=date.today)


Progress = Callable[[str, int], None]  # (step name, rows just written)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _bulk(table, rows: Iterator[dict], progress: Progress, step: str) -> int:
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            db.session.execute(insert(table), chunk)
            count += len(chunk)
            progress(step, len(chunk))
            chunk = []
    if chunk:
        db.session.execute(insert(table), chunk)
        count += len(chunk)
        progress(step, len(chunk))
    return count


def estimate_rows(spec: ScaleSpec) -> int:
    """A rough total for the progress bar."""
    weeks = int(spec.years * 52)
    entries = int(spec.trajectories * weeks * spec.entries_per_week * 0.75)
    weekly = spec.trajectories * weeks * 0.8  # week reviews
    extra = spec.trajectories * (weeks / 3 + weeks / 7 + 30)  # appointments, notes, learning work, plans
    return int(spec.employers * 2 + spec.advisors + spec.trajectories * 3 + entries + weekly + spec.vacancies + extra)


def generate(spec: ScaleSpec, progress: Progress = lambda step, n: None) -> dict[str, int]:
    """Write a bureau of `spec` size into the current database; returns row counts."""
    rng = random.Random(spec.seed)
    now = datetime.now(UTC)
    password_hash = hash_password(BENCH_PASSWORD)
    counts: dict[str, int] = {}

    org_start = _next_id(Organisation)
    org_ids = list(range(org_start, org_start + spec.employers))
    counts["organisations"] = _bulk(Organisation.__table__, (
        {"id": oid, "name": f"{ORGS[i % len(ORGS)]} Groep {oid}", "city": CITIES[i % len(CITIES)], "created_at": now}
        for i, oid in enumerate(org_ids)), progress, "werkgevers")

    user_id = _next_id(User)

    staff_2fa = {"totp_secret": BENCH_TOTP_SECRET, "totp_enabled_at": now} if hasattr(User, "totp_secret") else {}

    def user(uid: int, email: str, name: str, role: Role, org: int | None = None) -> dict:
        row = {"id": uid, "email": email, "name": name, "role": role.value, "organisation_id": org,
               "is_case_manager": False, "password_hash": password_hash, "active": True, "session_version": 1,
               "failed_logins": 0, "created_at": now}
        if staff_2fa:  # every row needs the same keys for one bulk insert
            row.update(staff_2fa if role != Role.CANDIDATE else dict.fromkeys(staff_2fa))
        return row

    advisor_ids = list(range(user_id, user_id + spec.advisors))
    contact_ids = list(range(advisor_ids[-1] + 1, advisor_ids[-1] + 1 + spec.employers))
    candidate_ids = list(range(contact_ids[-1] + 1, contact_ids[-1] + 1 + spec.trajectories))
    users = [user(a, f"adviseur{a}@bench.nl", f"Adviseur {a}", Role.ADVISOR) for a in advisor_ids]
    users += [user(c, f"werkgever{c}@bench.nl", f"Werkgever {c}", Role.EMPLOYER, org_ids[i])
              for i, c in enumerate(contact_ids)]
    users += [user(c, f"kandidaat{c}@bench.nl", f"Kandidaat {c}", Role.CANDIDATE) for c in candidate_ids]
    counts["users"] = _bulk(User.__table__, iter(users), progress, "gebruikers")

    trajectory_start = _next_id(Trajectory)
    total_days = int(spec.years * 365)
    trajectories, links, pauses = [], [], []
    for i, candidate_id in enumerate(candidate_ids):
        tid = trajectory_start + i
        # Most trajectories carry a long history (the big set reaches about a million diary
        # entries), some started recently so the caseload also has new cases.
        low = 14 if rng.random() < 0.15 else max(14, total_days // 2)
        spoor2_start = spec.today - timedelta(days=rng.randint(low, max(low, total_days)))
        first_sick_day = spoor2_start - timedelta(weeks=rng.randint(40, 56))
        trajectories.append({
            "id": tid, "reference": f"TS-BENCH-{tid:06d}", "candidate_id": candidate_id,
            "employer_id": org_ids[i % len(org_ids)], "first_sick_day": first_sick_day,
            "spoor2_start": spoor2_start, "planned_end": first_sick_day + timedelta(weeks=104),
            "weekly_target": rng.choice([1, 2, 2, 2, 3]), "status": "active", "late_start_reason": "",
            "created_at": now,
        })
        first_advisor = advisor_ids[i % len(advisor_ids)]
        links.append({"trajectory_id": tid, "advisor_id": first_advisor})
        if rng.random() < 0.15:
            second = advisor_ids[(i * 7 + 3) % len(advisor_ids)]
            if second != first_advisor:
                links.append({"trajectory_id": tid, "advisor_id": second})
        if rng.random() < 0.15:
            start = spoor2_start + timedelta(days=rng.randint(0, max(1, (spec.today - spoor2_start).days)))
            pauses.append({"trajectory_id": tid, "start_date": start, "end_date": start + timedelta(days=rng.randint(7, 35)),
                           "reason": "Hernieuwde uitval", "created_at": now})
    counts["trajectories"] = _bulk(Trajectory.__table__, iter(trajectories), progress, "trajecten")
    _bulk(trajectory_advisors, iter(links), progress, "trajecten")
    counts["pauses"] = _bulk(Pause.__table__, iter(pauses), progress, "trajecten")

    def entries() -> Iterator[dict]:
        for t in trajectories:
            week = Week.of(t["spoor2_start"])
            while week.monday <= spec.today:
                for _ in range(max(0, round(rng.gauss(spec.entries_per_week, 1.6)))):
                    day = week.monday + timedelta(days=rng.randint(0, 4))
                    if day > spec.today or day < t["spoor2_start"]:
                        continue
                    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                    applying = kind in APPLICATION_KINDS
                    yield {
                        "trajectory_id": t["id"], "author_id": t["candidate_id"], "entry_date": day,
                        "kind": kind.value, "organisation": f"{rng.choice(ORGS)} {rng.choice(CITIES)} B.V.",
                        "place": rng.choice(CITIES), "position": rng.choice(TITLES) if applying else "",
                        "contact_person": "", "channel": rng.choice(list(Channel)).value,
                        "method": rng.choice(list(Method)).value, "fits_capacity": rng.random() < 0.8,
                        "external_url": "", "status": _status(kind, rng.choice(STATUSES)),
                        "follow_up_on": day + timedelta(days=10) if rng.random() < 0.1 else None,
                        "notes_html": "", "created_at": now, "updated_at": now,
                    }
                week = week.next()

    counts["diary_entries"] = _bulk(DiaryEntry.__table__, entries(), progress, "dagboek")

    def reviews() -> Iterator[dict]:
        for t in trajectories:
            week = Week.of(t["spoor2_start"])
            while week.sunday < spec.today - timedelta(days=14):
                if rng.random() < 0.8:
                    yield {"trajectory_id": t["id"], "week_monday": week.monday,
                           "reviewer_id": advisor_ids[(t["id"] - trajectory_start) % len(advisor_ids)],
                           "sufficient": rng.random() < 0.85, "reason": "", "reviewed_at": now}
                week = week.next()

    counts["week_reviews"] = _bulk(WeekReview.__table__, reviews(), progress, "weekbeoordelingen")

    vacancy_start = _next_id(Vacancy)
    places = [p for p in all_places() if p.name in CITIES] or list(all_places())[:16]

    def vacancy(i: int) -> dict:
        place = rng.choice(places)
        title, org = rng.choice(TITLES), f"{rng.choice(ORGS)} {place.name}"
        text = f"{title} bij {org}. Een mooie functie in een prettig team in {place.name}."
        return {"id": vacancy_start + i, "title": title, "organisation": org, "city": place.name,
                "postcode": f"{place.pc4_from} AB", "hours_min": 16 + 4 * rng.randint(0, 3), "hours_max": 36,
                "contract_type": rng.choice(["vast", "tijdelijk", "uitzend"]),
                "education_level": rng.choice(["mbo", "hbo", "vmbo"]), "sector": rng.choice(ORGS).lower(),
                "description_html": f"<p>{text}</p>", "description_text": text, "apply_url": "", "apply_email": "",
                "posted_on": spec.today - timedelta(days=rng.randint(0, 90)), "source": "bench",
                "source_id": f"bench-{vacancy_start + i}", "status": "active", "lat": place.lat, "lon": place.lon,
                "created_at": now, "updated_at": now}

    counts["vacancies"] = _bulk(Vacancy.__table__, (vacancy(i) for i in range(spec.vacancies)), progress, "vacatures")

    for extra in EXTRA_GENERATORS:
        counts.update(extra(spec, rng, trajectories, advisor_ids, progress))
    _reset_sequences()
    db.session.commit()
    _analyze()
    return counts


def _analyze() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL guessed a handful
    of vacancies and filtered all 10,000 rows instead of using the full-text index. On
    PostgreSQL also VACUUM, so the visibility map lets covering indexes answer alone (as
    autovacuum would, some time after a real bureau's writes)."""
    statement = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text(statement))


# Features with their own bulk data register a generator here:
# fn(spec, rng, trajectories, advisor_ids, progress) -> dict of counts.
EXTRA_GENERATORS: list[Callable] = []


def _register_feature_generators() -> None:
    from portal.scale.extra import GENERATORS

    EXTRA_GENERATORS.extend(g for g in GENERATORS if g not in EXTRA_GENERATORS)


_register_feature_generators()


def _reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences must continue past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            # Table names come from our own metadata, never from input.
            sql = f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"  # noqa: S608
            db.session.execute(text(sql))
