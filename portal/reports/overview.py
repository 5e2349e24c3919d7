"""The activity overview as data: a header plus sections of rows, and their columns.

PDF, CSV and XLSX render this one structure (`render.py`), so the three files always agree
with each other. The structure is filled from the evidence by `portal.casefile.overview`.
Only what an employer may see goes in: no notes, no attachments, no free text about health.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.domain.evidence import Evidence
from portal.spreadsheets import day_text


@dataclass(frozen=True)
class Column:
    """One column: `key` in the machine CSV, `label` as the header of the files for people."""

    key: str
    label: str
    kind: str = "text"  # text | int | date | bool
    # Files for people: the Dutch word for a code or a state (a bool not listed reads ja/nee).
    words: tuple[tuple[Any, str], ...] = ()
    # A code next to its label column: only the machine CSV carries it.
    machine_only: bool = False
    # Files for people read this row key instead (text that holds dates in the Dutch style).
    people_key: str = ""


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class OverviewHeader:
    reference: str
    candidate_name: str
    employer_name: str
    advisors: list[str]
    first_sick_day: date
    spoor2_start: date
    planned_end: date
    weekly_target: int
    status_label: str
    period_start: date
    period_end: date
    generated_on: date


@dataclass
class Overview:
    header: OverviewHeader
    evidence: Evidence
    sections: list[Section]
    summary: str = ""  # the advisor's summary (plain text, escaped when rendered)
    plan: Any = None  # portal.plan.services.PlanSummary (what the employer may read), when plan has landed
    verification_code: str = ""  # set by the service just before rendering a file

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def totals(self) -> dict[str, int]:
        return self.evidence.totals

    @property
    def application_rate(self) -> float:
        """Applications per counted (finished, unpaused) week."""
        counted = self.totals["weeks_counted"]
        applications = sum(w.applications for w in self.evidence.counted_weeks)
        return round(applications / counted, 1) if counted else 0.0

    def meta_rows(self) -> list[dict[str, Any]]:
        """The header and totals as field/value rows (the `trajectory` section of CSV/XLSX)."""
        h = self.header
        pairs: list[tuple[str, Any]] = [
            ("reference", h.reference),
            ("candidate", h.candidate_name),
            ("employer", h.employer_name),
            ("advisors", ", ".join(h.advisors)),
            ("first_sick_day", h.first_sick_day),
            ("spoor2_start", h.spoor2_start),
            ("planned_end", h.planned_end),
            ("weekly_target", h.weekly_target),
            ("status", h.status_label),
            ("period_start", h.period_start),
            ("period_end", h.period_end),
            ("generated_on", h.generated_on),
            ("verification_code", self.verification_code),
        ]
        pairs += [(f"total_{key}", value) for key, value in self.totals.items()]
        pairs.append(("advisor_summary", self.summary))
        return [{"field": key, "value": value} for key, value in pairs]


# The `trajectory` rows (field -> the words people read), in the order of `meta_rows`.
META_LABELS = {
    "reference": "Referentie", "candidate": "Kandidaat", "employer": "Werkgever", "advisors": "Adviseur(s)",
    "first_sick_day": "Eerste ziektedag", "spoor2_start": "Start tweede spoor", "planned_end": "Gepland einde",
    "weekly_target": "Doel per week (aan het eind van de periode)", "status": "Status van het traject",
    "period_start": "Periode vanaf", "period_end": "Periode tot en met", "generated_on": "Gemaakt op",
    "verification_code": "Verificatiecode",
    "total_weeks": "Weken in de periode", "total_weeks_paused": "Weken gepauzeerd",
    "total_weeks_counted": "Weken geteld (afgelopen, niet gepauzeerd)",
    "total_weeks_target_met": "Weken doel gehaald", "total_applications": "Sollicitatieactiviteiten",
    "total_networking": "Netwerkactiviteiten", "total_other_activities": "Overige activiteiten",
    "total_assignments_done": "Opdrachten afgerond", "total_contacts": "Contacten met de adviseur",
    "total_gaps": "Weken onder doel zonder toelichting", "total_target_sum": "Doel opgeteld (getelde weken)",
    "advisor_summary": "Samenvatting van de adviseur",
}
META_COLUMNS = [Column("field", "Gegeven"), Column("value", "Waarde")]


JUDGEMENT_WORDS = (("sufficient", "voldoende"), ("insufficient", "onvoldoende"), ("", ""))
WEEK_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"), Column("week_end", "Zondag", "date"),
    Column("paused", "Gepauzeerd", "bool"), Column("pause_category", "Soort pauze"),
    Column("complete", "Stand", "bool", words=((True, "afgelopen"), (False, "loopt nog"))),
    Column("plan_version", "Planversie", "int"), Column("agreed_target", "Afgesproken doel", "int"),
    Column("target", "Doel", "int"), Column("applications", "Sollicitaties", "int"),
    Column("networking", "Netwerk", "int"), Column("other_activities", "Overig", "int"),
    Column("assignments_done", "Opdrachten", "int"), Column("contacts", "Contacten", "int"),
    # Empty for the running week and for paused weeks: they are not judged.
    Column("target_met", "Doel gehaald", "bool", words=((True, "ja"), (False, "nee"), (None, "n.v.t."))),
    Column("judgement", "Beoordeling", words=JUDGEMENT_WORDS),
    Column("explained", "Toelichting gegeven", "bool"),
]
ACTIVITY_COLUMNS = [
    Column("date", "Datum", "date"), Column("week", "Week"), Column("kind", "Soort (code)", machine_only=True),
    Column("kind_label", "Soort"), Column("organisation", "Organisatie"), Column("place", "Plaats"),
    Column("position", "Functie"), Column("channel", "Kanaal"), Column("method", "Wijze"),
    Column("result", "Resultaat"), Column("fits_capacity", "Past bij belastbaarheid", "bool"),
]
MILESTONE_COLUMNS = [
    Column("code", "Code", machine_only=True), Column("label", "Mijlpaal"), Column("window_start", "Vanaf", "date"),
    Column("due_date", "Uiterlijk", "date"), Column("done_on", "Gedaan op", "date"),
    Column("state", "Status (code)", machine_only=True), Column("state_label", "Status"),
]
LEARNING_COLUMNS = [
    Column("item", "Onderdeel", words=(("module", "module"), ("assignment", "opdracht"))), Column("title", "Titel"), Column("module", "Module"),
    Column("lessons_done", "Lessen klaar", "int"), Column("lessons_total", "Lessen totaal", "int"),
    Column("date", "Afgerond op", "date"),
]
CONTACT_COLUMNS = [Column("date", "Datum", "date"), Column("week", "Week"), Column("kind", "Soort contact")]
JUDGEMENT_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"),
    Column("applications", "Sollicitaties", "int"), Column("target", "Doel", "int"),
    Column("sufficient", "Oordeel", "bool", words=((True, "voldoende"), (False, "onvoldoende"))),
    Column("earlier_judgements", "Eerdere oordelen", people_key="earlier_judgements_nl"),
]
GAP_COLUMNS = [
    Column("week", "Week"), Column("week_start", "Maandag", "date"),
    Column("applications", "Sollicitaties", "int"), Column("target", "Doel", "int"),
]
def earlier_judgements(reviews: list[tuple[bool, date]]) -> dict[str, str]:
    """A judged week's earlier judgements as text: ISO dates for systems, dd-mm-jjjj for people."""
    def text(day_style) -> str:
        return "; ".join(f"{'voldoende' if ok else 'onvoldoende'} op {day_style(day)}" for ok, day in reviews)

    return {"earlier_judgements": text(date.isoformat), "earlier_judgements_nl": text(day_text)}


PHASE_COLUMNS = [Column("phase", "Fase"), Column("since", "Sinds", "date")]
