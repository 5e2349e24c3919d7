"""Learning content as files: modules and lessons in Markdown with YAML front matter.

`content/modules/<slug>/module.md` describes a module; `NN-<lesson>.md` files are its
lessons, optionally carrying an assignment. Loading never stops at a broken file: the
error names the file and line, and every other module still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import current_app
from markupsafe import Markup

from portal.learning.rules import SubmitKind
from portal.sanitize import render_markdown

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE_RE = re.compile(r"^\d{2}-[a-z0-9-]+\.md$")
RELOAD_STAMP = ".reload"


@dataclass(frozen=True)
class ContentError:
    """A problem in one content file; `line` is 1-based when known."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class RubricLevel:
    label: str
    description: str


@dataclass(frozen=True)
class RubricCriterion:
    title: str
    levels: tuple[RubricLevel, ...]


@dataclass
class Assignment:
    slug: str
    title: str
    due_week: int
    submit: SubmitKind
    instructions: str
    # Criteria with levels (lowest first) the advisor scores in the review; empty: none.
    rubric: tuple[RubricCriterion, ...] = ()
    module: Module = field(repr=False, default=None)  # type: ignore[assignment]
    lesson: Lesson = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def instructions_html(self) -> Markup:
        return render_markdown(self.instructions)

    @property
    def wants_text(self) -> bool:
        return self.submit in (SubmitKind.TEXT, SubmitKind.BOTH)

    @property
    def wants_file(self) -> bool:
        return self.submit in (SubmitKind.FILE, SubmitKind.BOTH)


@dataclass
class Lesson:
    slug: str
    title: str
    order: int
    minutes: int
    body: str
    assignment: Assignment | None = None
    module: Module = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def html(self) -> Markup:
        return render_markdown(self.body)


@dataclass
class Module:
    slug: str
    title: str
    summary: str
    order: int
    minutes: int
    version: str
    intro: str
    lessons: list[Lesson] = field(default_factory=list)

    @property
    def intro_html(self) -> Markup:
        return render_markdown(self.intro)

    @property
    def assignments(self) -> list[Assignment]:
        return [lesson.assignment for lesson in self.lessons if lesson.assignment]

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


@dataclass
class Library:
    modules: list[Module] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    stamp: float = 0.0

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    @property
    def assignments(self) -> list[Assignment]:
        return [a for m in self.modules for a in m.assignments]

    def assignment(self, slug: str) -> Assignment | None:
        return next((a for a in self.assignments if a.slug == slug), None)


class _FileError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _split_front_matter(text: str) -> tuple[dict, str, int]:
    """Return (front matter, body, line number where the YAML starts)."""
    if not text.startswith("---"):
        raise _FileError("het bestand begint niet met front matter ('---')", 1)
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            raw = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            break
    else:
        raise _FileError("de front matter wordt niet afgesloten met '---'", 1)
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise _FileError(f"ongeldige YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise _FileError("de front matter moet een lijst van 'sleutel: waarde' zijn", 2)
    return data, body, 2


def _key_line(text: str, key: str) -> int | None:
    """The line of `key:`; "assignment.x" looks for x inside the assignment mapping."""
    start = 0
    if key.startswith("assignment."):
        block = re.search(r"^assignment\s*:", text, re.MULTILINE)
        start, key = (block.start() if block else 0), key.split(".", 1)[1]
    match = re.compile(rf"^\s*{re.escape(key)}\s*:", re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _require(data: dict, key: str, kind: type, text: str, where: str = ""):
    value = data.get(key)
    if value is None or value == "":
        raise _FileError(f"'{where}{key}' ontbreekt", _key_line(text, where.rstrip(".") or key) or 2)
    line = _key_line(text, f"{where}{key}")
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _FileError(f"'{where}{key}' moet een geheel getal zijn", line)
    elif kind is str:
        if not isinstance(value, str | int | float):
            raise _FileError(f"'{where}{key}' moet tekst zijn", line)
        value = str(value).strip()
    return value


def _slug(data: dict, text: str, where: str = "") -> str:
    slug = _require(data, "slug", str, text, where)
    if not SLUG_RE.match(slug):
        raise _FileError(f"'{where}slug' mag alleen kleine letters, cijfers en '-' bevatten",
                        _key_line(text, f"{where}slug"))
    return slug


def _parse_module(path: Path) -> Module:
    text = path.read_text(encoding="utf-8")
    data, body, _ = _split_front_matter(text)
    version = _require(data, "version", str, text)
    return Module(
        slug=_slug(data, text),
        title=_require(data, "title", str, text),
        summary=_require(data, "summary", str, text),
        order=_require(data, "order", int, text),
        minutes=_require(data, "minutes", int, text),
        version=version,
        intro=body,
    )


def _parse_assignment(raw, text: str) -> Assignment:
    if not isinstance(raw, dict):
        raise _FileError("'assignment' moet een lijst van 'sleutel: waarde' zijn", _key_line(text, "assignment"))
    submit = _require(raw, "submit", str, text, "assignment.")
    if submit not in {k.value for k in SubmitKind}:
        raise _FileError("'assignment.submit' moet text, file of both zijn", _key_line(text, "assignment.submit"))
    due_week = _require(raw, "due_week", int, text, "assignment.")
    if due_week < 1:
        raise _FileError("'assignment.due_week' begint bij 1", _key_line(text, "assignment.due_week"))
    return Assignment(
        slug=_slug(raw, text, "assignment."),
        title=_require(raw, "title", str, text, "assignment."),
        due_week=due_week,
        submit=SubmitKind(submit),
        instructions=_require(raw, "instructions", str, text, "assignment."),
        rubric=_parse_rubric(raw.get("rubric"), text) if "rubric" in raw else (),
    )


def _parse_rubric(raw, text: str) -> tuple[RubricCriterion, ...]:
    """`rubric:` a list of criteria, each `criterion: <title>` with `levels:` (at least two,
    lowest first), each level `label:` and `description:`."""
    line = _key_line(text, "assignment.rubric")
    if not isinstance(raw, list) or not raw:
        raise _FileError("'assignment.rubric' moet een lijst van criteria zijn", line)
    criteria = []
    for number, item in enumerate(raw, start=1):
        where = f"criterium {number} van de rubric"
        if not isinstance(item, dict) or not str(item.get("criterion") or "").strip():
            raise _FileError(f"{where} heeft geen 'criterion'", line)
        levels = item.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            raise _FileError(f"{where} heeft minstens twee 'levels' nodig", line)
        parsed = []
        for level in levels:
            if not isinstance(level, dict) or not str(level.get("label") or "").strip() \
                    or not str(level.get("description") or "").strip():
                raise _FileError(f"elk niveau van {where} heeft een 'label' en een 'description'", line)
            parsed.append(RubricLevel(str(level["label"]).strip(), str(level["description"]).strip()))
        criteria.append(RubricCriterion(str(item["criterion"]).strip(), tuple(parsed)))
    return tuple(criteria)


def _parse_lesson(path: Path) -> Lesson:
    text = path.read_text(encoding="utf-8")
    data, body, _ = _split_front_matter(text)
    lesson = Lesson(
        slug=_slug(data, text),
        title=_require(data, "title", str, text),
        order=_require(data, "order", int, text),
        minutes=_require(data, "minutes", int, text),
        body=body,
    )
    if "assignment" in data:
        lesson.assignment = _parse_assignment(data["assignment"], text)
    return lesson


def _load_module_dir(directory: Path, root: Path, errors: list[ContentError]) -> Module | None:
    def report(path: Path, exc: Exception) -> None:
        line = getattr(exc, "line", None)
        message = getattr(exc, "message", None) or f"kan het bestand niet lezen ({exc})"
        errors.append(ContentError(str(path.relative_to(root.parent)), line, message))

    module_file = directory / "module.md"
    if not module_file.is_file():
        errors.append(ContentError(str(directory.relative_to(root.parent)), None, "module.md ontbreekt"))
        return None
    try:
        module = _parse_module(module_file)
    except (_FileError, OSError, UnicodeDecodeError) as exc:
        report(module_file, exc)
        return None
    if module.slug != directory.name:
        errors.append(ContentError(str(module_file.relative_to(root.parent)), _key_line(
            module_file.read_text(encoding="utf-8"), "slug"), f"slug '{module.slug}' hoort gelijk te zijn aan de mapnaam '{directory.name}'"))
        return None
    seen: set[str] = set()
    for path in sorted(directory.glob("*.md")):
        if path.name == "module.md":
            continue
        if not LESSON_FILE_RE.match(path.name):
            errors.append(ContentError(str(path.relative_to(root.parent)), None,
                                       "bestandsnaam moet de vorm NN-naam.md hebben (bijv. 01-opbouw.md)"))
            continue
        try:
            lesson = _parse_lesson(path)
        except (_FileError, OSError, UnicodeDecodeError) as exc:
            report(path, exc)
            continue
        if lesson.slug in seen:
            errors.append(ContentError(str(path.relative_to(root.parent)), None, f"les-slug '{lesson.slug}' komt twee keer voor"))
            continue
        seen.add(lesson.slug)
        lesson.module = module
        if lesson.assignment:
            lesson.assignment.module = module
            lesson.assignment.lesson = lesson
        module.lessons.append(lesson)
    module.lessons.sort(key=lambda lesson: (lesson.order, lesson.slug))
    return module


def load_library(content_dir: str | Path) -> Library:
    """Read every module under `<content_dir>/modules`; errors are collected, not raised."""
    root = Path(content_dir) / "modules"
    library = Library()
    if not root.is_dir():
        library.errors.append(ContentError(str(root), None, "de map met modules bestaat niet"))
        return library
    assignment_files: dict[str, str] = {}
    for directory in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        module = _load_module_dir(directory, root, library.errors)
        if module is None:
            continue
        for assignment in module.assignments:
            where = f"modules/{module.slug}/{assignment.lesson.slug}"
            if assignment.slug in assignment_files:
                library.errors.append(ContentError(where, None, (
                    f"opdracht-slug '{assignment.slug}' wordt al gebruikt in {assignment_files[assignment.slug]}")))
                assignment.lesson.assignment = None
                continue
            assignment_files[assignment.slug] = where
        library.modules.append(module)
    library.modules.sort(key=lambda m: (m.order, m.slug))
    return library


def _stamp(content_dir: str) -> float:
    try:
        return (Path(content_dir) / RELOAD_STAMP).stat().st_mtime
    except OSError:
        return 0.0


def get_library() -> Library:
    """The cached library of this app; reloaded when `flask content-reload` touched the stamp."""
    content_dir = current_app.config["CONTENT_DIR"]
    cache = current_app.extensions.setdefault("learning_content", {})
    stamp = _stamp(content_dir)
    library = cache.get(content_dir)
    if library is None or library.stamp != stamp:
        library = load_library(content_dir)
        library.stamp = stamp
        for error in library.errors:
            current_app.logger.error("learning content: %s", error)
        cache.clear()
        cache[content_dir] = library
    return library


def reload_library() -> Library:
    """Drop the cache of this process and tell running processes to reload."""
    content_dir = Path(current_app.config["CONTENT_DIR"])
    try:
        (content_dir / RELOAD_STAMP).touch()
    except OSError:
        pass
    current_app.extensions.setdefault("learning_content", {}).clear()
    return get_library()
