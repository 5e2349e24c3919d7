"""Progress reports (voortgangsrapportages) and end reports, their narrative texts with history.

A report moves draft -> with the candidate -> released; each step keeps its date. A released
report is frozen: its texts are never changed again and its PDF is stored with a hash and a
verification code. A correction is a new report that names the one it corrects and what changed.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.extensions import db
from portal.trajectory.models import Trajectory


class ReportKind(LabelledEnum):
    PROGRESS = "progress", "Voortgangsrapportage"
    FINAL = "final", "Eindrapportage spoor 2"


class ReportStatus(LabelledEnum):
    DRAFT = "draft", "Concept"
    WITH_CANDIDATE = "with_candidate", "Bij de kandidaat"
    RELEASED = "released", "Vrijgegeven aan de werkgever"


class Judgement(LabelledEnum):
    SUFFICIENT = "sufficient", "Voldoende"
    INSUFFICIENT = "insufficient", "Onvoldoende"


class ProgressReport(db.Model):
    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_reports_trajectory_id_number", "trajectory_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default=ReportKind.PROGRESS.value)
    number: Mapped[int] = mapped_column(Integer)  # per trajectory: "Voortgangsrapportage 3"
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT.value, index=True)
    # A correction of a released report: which one, and what changed (shown in the report).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id", ondelete="SET NULL"))
    correction_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The release flow, every step dated.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_due: Mapped[date | None] = mapped_column(Date)
    candidate_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    candidate_response: Mapped[str] = mapped_column(Text, default="")  # the zienswijze
    candidate_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The released file: relative to EXPORT_DIR; hash and code as for activity overviews.
    file_path: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    verification_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    # The per-week figures the released report states (domain.evidence.figures).
    figures: Mapped[dict | None] = mapped_column(JSON)

    trajectory: Mapped[Trajectory] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])
    received_by: Mapped[User | None] = relationship(foreign_keys=[received_by_id])
    corrects: Mapped[ProgressReport | None] = relationship(remote_side=[id])
    texts: Mapped[list[ReportText]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportText.id")

    @property
    def kind_enum(self) -> ReportKind:
        return ReportKind(self.kind)

    @property
    def status_enum(self) -> ReportStatus:
        return ReportStatus(self.status)

    @property
    def title(self) -> str:
        if self.kind == ReportKind.FINAL:
            return ReportKind.FINAL.label
        return f"{ReportKind.PROGRESS.label} {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_released(self) -> bool:
        return self.status == ReportStatus.RELEASED

    @property
    def display_code(self) -> str:
        from portal.reports.codes import display_code

        return display_code(self.verification_code) if self.verification_code else ""

    @property
    def filename(self) -> str:
        slug = "eindrapportage" if self.kind == ReportKind.FINAL else f"voortgangsrapportage-{self.number}"
        return f"{slug}-{self.trajectory.reference}-{self.period_end:%Y%m%d}.pdf"


class ReportText(db.Model):
    """One version of the advisor's text for one section; the newest per section counts."""

    __tablename__ = "progress_report_texts"
    __table_args__ = (Index("ix_progress_report_texts_report_id_section", "report_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    # The judgement of effort ("sufficient"/"insufficient") for the judgement section.
    choice: Mapped[str] = mapped_column(String(20), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    report: Mapped[ProgressReport] = relationship(back_populates="texts")
    author: Mapped[User | None] = relationship()


class Section:
    """One fixed section of a report: its title, what the advisor writes, which kinds have it."""

    def __init__(self, key: str, title: str, hint: str = "", writes: bool = True,
                 kinds: tuple[str, ...] = (ReportKind.PROGRESS, ReportKind.FINAL)):
        self.key, self.title, self.hint, self.writes, self.kinds = key, title, hint, writes, kinds


# In the order of the report; `writes=False` sections are facts only.
SECTIONS = (
    Section("period", "Periode en traject", writes=False),
    Section("goal", "Doel van het traject en afgesproken inspanningen",
            "Wat is het doel van het tweede spoor en wat is afgesproken? De cijfers uit het plan staan er al."),
    Section("done", "Wat er is gedaan",
            "Toelichting op de activiteiten, sollicitaties, netwerkcontacten, leren en gesprekken."),
    Section("results", "Resultaten en aanbiedingen",
            "Gesprekken, aanbiedingen, proefplaatsingen: wat heeft het opgeleverd?"),
    Section("obstacles", "Belemmeringen in werktermen",
            "Wat staat werk in de weg, in werktermen: wat kan de kandidaat wel en niet. Nooit medisch."),
    Section("candidate_view", "Visie van de kandidaat",
            "Hoe kijkt de kandidaat zelf naar de afgelopen periode? De kandidaat kan daarna zelf reageren."),
    Section("next_steps", "Vervolgstappen en afspraken", "Wat gaat er gebeuren, wie doet wat, wanneer?"),
    Section("judgement", "Oordeel over de inspanningen",
            "Zijn de inspanningen voldoende of onvoldoende? Geef de redenen."),
    Section("outcome", "Uitkomst van het traject",
            "Plaatsing of geen plaatsing, en waarom.", kinds=(ReportKind.FINAL,)),
    Section("poortwachter", "Poortwachter-data", writes=False, kinds=(ReportKind.FINAL,)),
    Section("earlier", "Eerdere rapportages", writes=False, kinds=(ReportKind.FINAL,)),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}


def sections_for(kind: str) -> list[Section]:
    return [s for s in SECTIONS if kind in s.kinds]


def written_sections(kind: str) -> list[Section]:
    return [s for s in sections_for(kind) if s.writes]
