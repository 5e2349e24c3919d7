"""Invitation mails that name the bureau, the advisor, the trajectory and what the person will do.

The text per role is built here once and rendered by both mail bodies (mail/invite.txt and
.html). An employer's mail names the employee and the advisor, never anything about health.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal import bureau as bureau_settings
from portal.auth import services as accounts
from portal.auth.models import Organisation, Role, User
from portal.extensions import db
from portal.trajectory.models import TrajectoryStatus
from portal.trajectory.services import trajectories_for

TASKS = {
    Role.CANDIDATE: [
        "je sollicitatiedagboek bijhouden: elke sollicitatie en andere activiteit, per week;",
        "de werkopdrachten van de leermodules maken en de feedback van je adviseur lezen;",
        "vacatures zoeken die passen bij je zoekprofiel en je belastbaarheid;",
        "je plan van aanpak lezen en bevestigen, en je afspraken met je adviseur zien.",
    ],
    Role.EMPLOYER: [
        "per medewerker de voortgang volgen: sollicitatieactiviteiten per week tegen het afgesproken doel;",
        "de volgende mijlpalen van de Wet verbetering poortwachter zien;",
        "het plan van aanpak en de bijstellingen lezen en bevestigen;",
        "lezen wat de adviseur met je deelt en het activiteitenoverzicht downloaden voor het "
        "re-integratieverslag.",
    ],
    Role.ADVISOR: [
        "je caseload volgen, met signalen wie je deze week nodig heeft;",
        "werkopdrachten en dagboekweken van je kandidaten beoordelen;",
        "contactverslagen, notities en het plan van aanpak vastleggen;",
        "activiteitenoverzichten maken voor werkgever en UWV.",
    ],
    Role.ADMIN: [
        "gebruikers uitnodigen en beheren;",
        "werkgevers en nieuwe trajecten aanmaken;",
        "adviseurs aan trajecten koppelen.",
    ],
}
PRIVACY = {
    Role.EMPLOYER: "Je ziet activiteiten en afspraken, nooit medische gegevens.",
    Role.CANDIDATE: "Je werkgever ziet je voortgang en activiteiten, nooit medische gegevens.",
}


@dataclass(frozen=True)
class InvitedTrajectory:
    """A trajectory as an invitation names it: whose, which reference, with whom."""

    candidate: str
    reference: str
    employer: str
    advisors: str  # names, comma separated; empty when none is assigned yet


def invitation_context(user: User, inviter: User) -> dict:
    """What an invitation says to `user`: bureau, trajectories, tasks and whom to ask."""
    role = Role(user.role)
    trajectories = [
        InvitedTrajectory(t.candidate.name, t.reference, t.employer.name, ", ".join(a.name for a in t.advisors))
        for t in trajectories_for(user) if t.status != TrajectoryStatus.CLOSED
    ] if role != Role.ADMIN else []
    advisors = list(dict.fromkeys(name for t in trajectories for name in t.advisors.split(", ") if name))
    bureau = bureau_settings.name_for_mail()
    ask = advisors if role in (Role.CANDIDATE, Role.EMPLOYER) and advisors else [inviter.name]
    return {
        "bureau": bureau,
        "role": str(role),
        "organisation": user.organisation.name if user.organisation else "",
        "trajectories": trajectories,
        "tasks": TASKS[role],
        "privacy": PRIVACY.get(role, ""),
        "contact": f"{' of '.join(ask)} ({bureau})",
    }


def send_invite(user: User, inviter: User) -> None:
    """Queue the role's invitation mail with a fresh single-use link."""
    accounts.send_invite(user, inviter, **invitation_context(user, inviter))


def invite_user(inviter: User, email: str, name: str, role: Role | str,
                organisation: Organisation | None = None, *, send: bool = True) -> User:
    """Create an account without password; mail the invitation unless the caller sends it
    later (a new trajectory's candidate is invited once the trajectory exists, so the mail can name it)."""
    user = accounts.create_user(email, name, role, organisation=organisation)
    db.session.flush()
    if send:
        send_invite(user, inviter)
    return user
