"""Learning tests run on a small content set of their own, so content edits never break them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from portal.learning import services
from portal.learning.content import get_library

MODULES = {
    "basis": {
        "module.md": """\
            ---
            slug: basis
            title: Basis
            summary: De eerste module.
            order: 1
            minutes: 30
            version: 3
            ---
            Welkom bij **de basis**.
            """,
        "01-tekst.md": """\
            ---
            slug: tekst
            title: Een tekst schrijven
            order: 1
            minutes: 10
            assignment:
              slug: tekst-opdracht
              title: Schrijf een tekst
              due_week: 1
              submit: text
              instructions: |
                Schrijf **drie** zinnen.
            ---
            Les over teksten.
            """,
        "02-bestand.md": """\
            ---
            slug: bestand
            title: Een bestand maken
            order: 2
            minutes: 10
            assignment:
              slug: bestand-opdracht
              title: Lever een bestand in
              due_week: 2
              submit: file
              instructions: Upload je cv.
            ---
            Les over bestanden.
            """,
    },
    "verder": {
        "module.md": """\
            ---
            slug: verder
            title: Verder
            summary: De tweede module.
            order: 2
            minutes: 20
            version: 1
            ---
            Nog meer.
            """,
        "01-beide.md": """\
            ---
            slug: beide
            title: Tekst of bestand
            order: 1
            minutes: 10
            assignment:
              slug: beide-opdracht
              title: Tekst en/of bestand
              due_week: 30
              submit: both
              instructions: Wat je wilt.
            ---
            Les.
            """,
    },
}


def write_module(root: Path, slug: str, files: dict[str, str]) -> Path:
    directory = root / "modules" / slug
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


@pytest.fixture
def content_dir(app, tmp_path) -> Path:
    root = tmp_path / "content"
    for slug, files in MODULES.items():
        write_module(root, slug, files)
    app.config["CONTENT_DIR"] = str(root)
    return root


@pytest.fixture(autouse=True)
def _mini_content(request, app, tmp_path):
    """Every learning test gets the mini content set unless it asks for the real one."""
    if "real_content" in request.fixturenames:
        return
    request.getfixturevalue("content_dir")


@pytest.fixture
def real_content(app):
    """The shipped content/ directory instead of the mini set."""
    from portal.config import PROJECT_ROOT

    app.config["CONTENT_DIR"] = str(PROJECT_ROOT / "content")
    return PROJECT_ROOT / "content"


@pytest.fixture
def library(app):
    return get_library()


@pytest.fixture
def assignment(library):
    return library.assignment("tekst-opdracht")


@pytest.fixture
def file_assignment(library):
    return library.assignment("bestand-opdracht")


def hand_in(trajectory, assignment, text="Mijn antwoord", at=None):
    """Submit a text attempt as the trajectory's candidate."""
    return services.submit(trajectory, assignment, trajectory.candidate, text, at=at)
