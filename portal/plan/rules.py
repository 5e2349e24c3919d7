"""Pure rules of the plan feature: module list, month arithmetic, the diff between versions."""

from __future__ import annotations

import calendar
import difflib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

AFTERCARE_MONTHS = (2, 4)  # default check-ins after placement


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=8)
def learning_modules(content_dir: str) -> tuple[tuple[str, str], ...]:
    """(slug, title) of every module under content/modules, from its front matter, in order."""
    found = []
    for path in sorted(Path(content_dir, "modules").glob("*/module.md")):
        meta: dict[str, str] = {}
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0].strip() != "---":
            continue
        for line in lines[1:]:
            if line.strip() == "---":
                break
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip()] = value.strip().strip("\"'")
        if meta.get("slug") and meta.get("title"):
            try:
                order = int(meta.get("order", "99"))
            except ValueError:
                order = 99
            found.append((order, meta["slug"], meta["title"]))
    return tuple((slug, title) for _, slug, title in sorted(found))


@dataclass(frozen=True)
class TextDiff:
    """Word-level changes: a list of (op, text) with op in {"same", "del", "ins"}."""

    parts: tuple[tuple[str, str], ...]

    @property
    def changed(self) -> bool:
        return any(op != "same" for op, _ in self.parts)


def text_diff(old: str, new: str) -> TextDiff:
    """A readable word diff of two texts (whitespace-insensitive)."""
    a, b = (old or "").split(), (new or "").split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(("del", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("ins", " ".join(b[j1:j2])))
    return TextDiff(tuple(parts))


@dataclass
class VersionDiff:
    """What changed between two plan versions, ready to render."""

    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    goals: TextDiff | None = None
    activities_added: list[str] = field(default_factory=list)
    activities_removed: list[str] = field(default_factory=list)
    phases: list[tuple[str, str, str]] = field(default_factory=list)  # (phase, old dates, new dates)

    @property
    def empty(self) -> bool:
        return not (
            self.fields or (self.goals and self.goals.changed) or self.activities_added
            or self.activities_removed or self.phases
        )


def diff_plans(old: dict, new: dict) -> VersionDiff:
    """Compare two plan snapshots (see services.snapshot): target, dates, goals, activities, phases."""
    diff = VersionDiff()
    for key, label in (("weekly_target", "Sollicitaties per week"), ("effective_from", "Geldt vanaf")):
        if old[key] != new[key]:
            diff.fields.append((label, str(old[key]), str(new[key])))
    goals = text_diff(old["goals"], new["goals"])
    diff.goals = goals if goals.changed else None
    old_acts, new_acts = old["activities"], new["activities"]
    diff.activities_added = [a for a in new_acts if a not in old_acts]
    diff.activities_removed = [a for a in old_acts if a not in new_acts]
    for phase, label in new["phase_labels"].items():
        before, after = old["phases"].get(phase, "—"), new["phases"].get(phase, "—")
        if before != after:
            diff.phases.append((label, before, after))
    return diff
