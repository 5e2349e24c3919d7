"""Bureau administration: employers and accounts the admin corrects, audited."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from portal.audit.models import AuditAction
from portal.audit.services import record
from portal.auth.models import Organisation, Role, User
from portal.extensions import db

# Legal-form words that do not make two employers different ("B.V." or not, same firm).
_LEGAL_FORMS = {"bv", "nv", "vof", "cv", "holding", "stichting", "vereniging"}


def organisation_key(name: str) -> str:
    """The name as duplicates are compared: case, accents, punctuation, spacing and the
    legal form ignored ("Bakkerij De Graaf B.V." = "bakkerij de graaf bv" = "Bakkerij de Graaf")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # b.v. -> bv
    words = re.sub(r"[^a-z0-9]+", " ", text.replace(".", "")).split()
    meaningful = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(meaningful or words)


def duplicate_organisation(name: str, kvk_number: str | None, exclude_id: int | None = None) -> Organisation | None:
    """An existing employer with the same name (as `organisation_key` compares) or KvK number."""
    key = organisation_key(name)
    for organisation in db.session.scalars(select(Organisation)):
        if organisation.id == exclude_id:
            continue
        if organisation_key(organisation.name) == key or (kvk_number and organisation.kvk_number == kvk_number):
            return organisation
    return None


def save_organisation(organisation: Organisation | None, *, name: str, city: str, kvk_number: str | None) -> Organisation:
    """Create (`organisation` None) or correct an employer; a correction is audited with what changed."""
    values = {"name": name.strip(), "city": city.strip(), "kvk_number": kvk_number or None}
    if organisation is None:
        organisation = Organisation(**values)
        db.session.add(organisation)
        return organisation
    changes = [f"{field}: {getattr(organisation, field) or '—'} -> {value or '—'}"
               for field, value in values.items() if (getattr(organisation, field) or None) != (value or None)]
    for field, value in values.items():
        setattr(organisation, field, value)
    if changes:
        record(AuditAction.CHANGE, detail=f"Werkgever {organisation.id} gecorrigeerd: " + "; ".join(changes))
    return organisation


def role_change_problem(user: User, new_role: str) -> str | None:
    """Why `user` may not get `new_role` (data would be orphaned), or None."""
    if new_role == user.role:
        return None
    from portal.trajectory.models import Trajectory, trajectory_advisors

    if user.role == Role.CANDIDATE and db.session.scalar(
            select(Trajectory.id).where(Trajectory.candidate_id == user.id).limit(1)):
        return "Deze kandidaat heeft een traject; de rol kan daarom niet veranderen."
    if user.role == Role.ADVISOR and db.session.scalar(
            select(trajectory_advisors.c.trajectory_id).where(trajectory_advisors.c.advisor_id == user.id).limit(1)):
        return "Deze adviseur begeleidt trajecten; draag die eerst over."
    if user.role == Role.EMPLOYER and new_role != Role.EMPLOYER and user.organisation_id is not None:
        return "Deze contactpersoon hoort bij een werkgever; maak eerst een nieuw account aan."
    return None


def save_user(user: User, *, name: str, role: str, new_email: str | None = None, by: User | None = None) -> None:
    """Correct an account's name or role; a new e-mail address is only asked for (its owner
    confirms it, see auth.services.request_email_change). One audit event with what changed."""
    from portal.auth.services import request_email_change

    changes = []
    if user.name != name.strip():
        changes.append(f"naam: {user.name} -> {name.strip()}")
        user.name = name.strip()
    if user.role != role:
        changes.append(f"rol: {user.role} -> {role}")
        user.role = role
    if new_email and new_email != user.email:
        request_email_change(user, new_email, by)
        changes.append(f"nieuw e-mailadres gevraagd: {new_email} (nog niet bevestigd)")
    if changes:
        record(AuditAction.CHANGE, candidate_id=user.id if user.role == Role.CANDIDATE else None,
               detail=f"Account {user.id} gecorrigeerd: " + "; ".join(changes))
