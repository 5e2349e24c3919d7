"""Diary vocabulary: kinds of activity, channels, methods and the application pipeline.

Which kinds count as an *application activity* follows UWV's unemployment practice (see
shared/domain.md): letters, open applications, phone applications, registering with an
agency, an interview on invitation, an assessment. Everything else is a useful activity
that is shown beside them but does not count toward the weekly target.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Dutch label for forms and reports."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def parse(cls, text: str):
        """Find a member by value or by Dutch label (case-insensitive); ValueError if none."""
        norm = (text or "").strip().lower()
        for member in cls:
            if norm in (member.value, member.label.lower()):
                return member
        raise ValueError(f"unknown {cls.__name__}: {text!r}")


class ActivityKind(LabelledEnum):
    APPLICATION_LETTER = "application_letter", "Sollicitatie per brief of e-mail"
    OPEN_APPLICATION = "open_application", "Open sollicitatie"
    PHONE_APPLICATION = "phone_application", "Telefonische sollicitatie"
    NETWORKING = "networking", "Netwerkgesprek"
    JOB_INTERVIEW = "job_interview", "Sollicitatiegesprek"
    AGENCY_REGISTRATION = "agency_registration", "Inschrijving bij uitzend- of wervingsbureau"
    ASSESSMENT = "assessment", "Assessment voor aanname"
    JOB_FAIR = "job_fair", "Banenmarkt of evenement"
    INFORMATION_INTERVIEW = "information_interview", "Informatiegesprek"
    WORK_TRIAL = "work_trial", "Proefplaatsing of meeloopdag"
    OTHER = "other", "Overige activiteit"


APPLICATION_KINDS: frozenset[ActivityKind] = frozenset(
    {
        ActivityKind.APPLICATION_LETTER,
        ActivityKind.OPEN_APPLICATION,
        ActivityKind.PHONE_APPLICATION,
        ActivityKind.JOB_INTERVIEW,
        ActivityKind.AGENCY_REGISTRATION,
        ActivityKind.ASSESSMENT,
    }
)
NETWORKING_KINDS: frozenset[ActivityKind] = frozenset(
    {ActivityKind.NETWORKING, ActivityKind.INFORMATION_INTERVIEW}
)


# The same sets as plain strings: evidence counts hundreds of thousands of rows by kind.
APPLICATION_VALUES: frozenset[str] = frozenset(k.value for k in APPLICATION_KINDS)


def is_application_activity(kind: str) -> bool:
    """True when an entry of this kind counts toward the weekly application target."""
    return kind in APPLICATION_VALUES


class Channel(LabelledEnum):
    VACANCY_SITE = "vacancy_site", "Vacaturesite"
    OPEN = "open", "Open sollicitatie"
    NETWORK = "network", "Netwerk"
    AGENCY = "agency", "Uitzend- of wervingsbureau"
    WERK_NL = "werk_nl", "werk.nl"
    JOB_BOARD = "job_board", "Vacaturebank van het portaal"
    OTHER = "other", "Anders"


class Method(LabelledEnum):
    LETTER = "letter", "Brief"
    EMAIL = "email", "E-mail"
    ONLINE_FORM = "online_form", "Online formulier"
    PHONE = "phone", "Telefoon"
    IN_PERSON = "in_person", "Persoonlijk"


class ApplicationStatus(LabelledEnum):
    PLANNED = "planned", "Gepland"
    SENT = "sent", "Verstuurd"
    INVITED = "invited", "Uitgenodigd"
    INTERVIEW = "interview", "Gesprek"
    SECOND_INTERVIEW = "second_interview", "Tweede gesprek"
    OFFER = "offer", "Aanbod"
    HIRED = "hired", "Aangenomen"
    REJECTED = "rejected", "Afgewezen"
    WITHDRAWN = "withdrawn", "Teruggetrokken"
    NO_RESPONSE = "no_response", "Geen reactie"


FINAL_STATUSES = frozenset(
    {ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
)


class NetworkingOutcome(LabelledEnum):
    """What came of a networking or information conversation (not an application's pipeline).

    "planned" is the same value as the application's: a planned conversation has not
    happened yet, so `domain.evidence` leaves it out of every count either way.
    """

    PLANNED = "planned", "Gepland"
    TALKED = "talked", "Gesprek gehad"
    NEW_CONTACT = "new_contact", "Nieuw contact"
    REFERRED = "referred", "Doorverwezen"
    FOLLOW_UP = "follow_up", "Vervolgafspraak"
    NO_FOLLOW_UP = "no_follow_up", "Geen vervolg"


NETWORKING_VALUES: frozenset[str] = frozenset(k.value for k in NETWORKING_KINDS)

# Stored application statuses of networking entries before they had their own outcomes
# (migration 0022 maps them the same way; an import of an old CSV too).
NETWORKING_FROM_APPLICATION_STATUS: dict[str, str] = {
    ApplicationStatus.PLANNED.value: NetworkingOutcome.PLANNED.value,
    ApplicationStatus.SENT.value: NetworkingOutcome.TALKED.value,
    ApplicationStatus.INVITED.value: NetworkingOutcome.FOLLOW_UP.value,
    ApplicationStatus.INTERVIEW.value: NetworkingOutcome.TALKED.value,
    ApplicationStatus.SECOND_INTERVIEW.value: NetworkingOutcome.FOLLOW_UP.value,
    ApplicationStatus.OFFER.value: NetworkingOutcome.REFERRED.value,
    ApplicationStatus.HIRED.value: NetworkingOutcome.REFERRED.value,
    ApplicationStatus.REJECTED.value: NetworkingOutcome.NO_FOLLOW_UP.value,
    ApplicationStatus.WITHDRAWN.value: NetworkingOutcome.NO_FOLLOW_UP.value,
    ApplicationStatus.NO_RESPONSE.value: NetworkingOutcome.NO_FOLLOW_UP.value,
}

FINAL_OUTCOMES = frozenset({NetworkingOutcome.NO_FOLLOW_UP})

_STATUS_LABELS: dict[str, str] = {**dict(NetworkingOutcome.choices()), **dict(ApplicationStatus.choices())}


def is_networking_kind(kind: str | None) -> bool:
    return (kind or "") in NETWORKING_VALUES


def outcomes_for(kind: str | None) -> type[LabelledEnum]:
    """The statuses an entry of this kind can have: networking outcomes or the application pipeline."""
    return NetworkingOutcome if is_networking_kind(kind) else ApplicationStatus


def application_kind(method: str | None) -> ActivityKind:
    """The diary kind of an application made in this way: by phone, or a letter, e-mail or form."""
    return ActivityKind.PHONE_APPLICATION if method == Method.PHONE.value else ActivityKind.APPLICATION_LETTER


def default_status(kind: str | None) -> str:
    """What a new entry that happened gets when no status is given."""
    return NetworkingOutcome.TALKED.value if is_networking_kind(kind) else ApplicationStatus.SENT.value


def status_fits_kind(kind: str | None, status: str | None) -> bool:
    return (status or "") in outcomes_for(kind)._value2member_map_


def status_label(value: str | None, kind: str | None = None) -> str:
    """The Dutch label of a status or networking outcome (the raw value when unknown)."""
    if kind is not None:
        try:
            return outcomes_for(kind)(value).label
        except ValueError:
            pass
    return _STATUS_LABELS.get(value or "", value or "")


ALL_STATUS_VALUES: frozenset[str] = frozenset(_STATUS_LABELS)
FINAL_STATUS_VALUES: frozenset[str] = frozenset(s.value for s in FINAL_STATUSES | FINAL_OUTCOMES)


# --- the pipeline: waiting for news, good news, and the funnel ---------------------------------

# An application in one of these statuses waits for the organisation's next move; without a
# status change for a while the candidate is asked whether there is news ("al reactie gehad?").
AWAITING_NEWS: frozenset[str] = frozenset(
    s.value for s in (ApplicationStatus.SENT, ApplicationStatus.INVITED, ApplicationStatus.INTERVIEW,
                      ApplicationStatus.SECOND_INTERVIEW)
)

# Good news the advisor acts on, strongest first, each with the advisor's next step.
POSITIVE_STATUSES: dict[str, str] = {
    ApplicationStatus.HIRED.value: "Plan de start en de nazorg; leg de plaatsing vast in het plan.",
    ApplicationStatus.OFFER.value: "Toets het aanbod aan het belastbaarheidsprofiel, informeer de werkgever "
                                   "en plan eventueel een proefplaatsing.",
    ApplicationStatus.SECOND_INTERVIEW.value: "Bereid het tweede gesprek samen voor en toets de functie aan "
                                              "het belastbaarheidsprofiel.",
}


def positive_rank(status: str) -> int:
    """Lower is stronger: hired, then offer, then second interview (others are not positive)."""
    order = list(POSITIVE_STATUSES)
    return order.index(status) if status in POSITIVE_STATUSES else len(order)


# The funnel sent -> interview -> offer: the stages an application reached, by any status it
# ever had (a rejection after an interview still reached the interview).
FUNNEL_STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Verstuurd", frozenset(s.value for s in ApplicationStatus) - {ApplicationStatus.PLANNED.value}),
    ("Gesprek", frozenset(s.value for s in (ApplicationStatus.INVITED, ApplicationStatus.INTERVIEW,
                                             ApplicationStatus.SECOND_INTERVIEW, ApplicationStatus.OFFER,
                                             ApplicationStatus.HIRED))),
    ("Aanbod", frozenset({ApplicationStatus.OFFER.value, ApplicationStatus.HIRED.value})),
)


def funnel(histories: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """(stage label, number of applications that reached it) for each application's statuses."""
    counts = [0] * len(FUNNEL_STAGES)
    for statuses in histories:
        seen = set(statuses)
        for index, (_label, reached) in enumerate(FUNNEL_STAGES):
            if seen & reached:
                counts[index] += 1
    return [(label, count) for (label, _), count in zip(FUNNEL_STAGES, counts, strict=True)]
