"""Content as files: loading, validation with file and line, sanitising, new modules."""

from __future__ import annotations

from portal.learning.content import load_library
from tests.factories import world
from tests.learning.conftest import write_module


def test_shipped_content_loads_without_errors(real_content):
    library = load_library(real_content)
    assert library.errors == []
    slugs = [m.slug for m in library.modules]
    for expected in ("orientatie", "cv", "sollicitatiebrief", "linkedin", "netwerken", "sollicitatiegesprek"):
        assert expected in slugs
    for module in library.modules:
        assert len(module.lessons) >= 3, module.slug
        assert module.assignments, module.slug
    assignment_slugs = [a.slug for a in library.assignments]
    assert len(assignment_slugs) == len(set(assignment_slugs))


def test_content_check_cli_passes_on_shipped_content(real_content, runner):
    result = runner.invoke(args=["content-check"])
    assert result.exit_code == 0, result.output
    assert "Geen fouten" in result.output


def test_mini_content_is_ordered(library):
    assert [m.slug for m in library.modules] == ["basis", "verder"]
    basis = library.module("basis")
    assert [lesson.slug for lesson in basis.lessons] == ["tekst", "bestand"]
    assert basis.version == "3"
    assert library.assignment("tekst-opdracht").module is basis


def test_malformed_yaml_names_file_and_line_and_others_still_load(content_dir):
    write_module(content_dir, "kapot", {
        "module.md": "---\nslug: kapot\ntitle: Kapot\nsummary: [niet afgesloten\norder: 3\nminutes: 5\nversion: 1\n---\nTekst\n",
    })
    library = load_library(content_dir)
    assert [m.slug for m in library.modules] == ["basis", "verder"]
    (error,) = library.errors
    assert error.path == "modules/kapot/module.md"
    assert error.line in (4, 5)  # the open bracket's line or where YAML noticed it
    assert "modules/kapot/module.md:" in str(error)


def test_missing_field_and_bad_lesson_are_reported_per_file(content_dir):
    write_module(content_dir, "basis", {"03-fout.md": "---\nslug: fout\ntitle: Fout\norder: 3\n---\nGeen minuten.\n"})
    write_module(content_dir, "verder", {"02-opdracht.md": (
        "---\nslug: opdracht\ntitle: Opdracht\norder: 2\nminutes: 5\nassignment:\n  slug: x\n  title: X\n"
        "  due_week: 1\n  submit: video\n  instructions: Doe iets.\n---\nLes\n")})
    library = load_library(content_dir)
    messages = {e.path: (e.line, e.message) for e in library.errors}
    assert messages["modules/basis/03-fout.md"][1] == "'minutes' ontbreekt"
    assert messages["modules/verder/02-opdracht.md"] == (10, "'assignment.submit' moet text, file of both zijn")
    # the valid lessons of both modules are still there
    assert [lesson.slug for lesson in library.module("basis").lessons] == ["tekst", "bestand"]


def test_duplicate_assignment_slug_is_an_error(content_dir):
    write_module(content_dir, "verder", {"02-dubbel.md": (
        "---\nslug: dubbel\ntitle: Dubbel\norder: 2\nminutes: 5\nassignment:\n  slug: tekst-opdracht\n"
        "  title: Nog eens\n  due_week: 1\n  submit: text\n  instructions: Doe iets.\n---\nLes\n")})
    library = load_library(content_dir)
    assert any("tekst-opdracht" in e.message and "modules/basis/tekst" in e.message for e in library.errors)
    assert len([a for a in library.assignments if a.slug == "tekst-opdracht"]) == 1


def test_content_check_cli_fails_with_file_and_line(content_dir, runner):
    write_module(content_dir, "kapot", {"module.md": "---\nslug: kapot\ntitle: : :\n---\n"})
    result = runner.invoke(args=["content-check"])
    assert result.exit_code == 1
    assert "modules/kapot/module.md:3" in result.output


def test_new_module_directory_appears_after_reload(content_dir, runner, client, login_as):
    w = world()
    login_as(w["candidate1"])
    assert "Nieuwe module" not in client.get("/leren").get_data(as_text=True)
    write_module(content_dir, "nieuw", {
        "module.md": "---\nslug: nieuw\ntitle: Nieuwe module\nsummary: Net toegevoegd.\norder: 9\nminutes: 5\nversion: 1\n---\nHallo\n",
        "01-les.md": "---\nslug: les\ntitle: Eerste les\norder: 1\nminutes: 5\n---\nInhoud\n",
    })
    result = runner.invoke(args=["content-reload"])
    assert result.exit_code == 0, result.output
    page = client.get("/leren").get_data(as_text=True)
    assert "Nieuwe module" in page
    assert client.get("/leren/nieuw/les").status_code == 200


def test_script_and_javascript_links_never_reach_the_page(content_dir, client, login_as):
    write_module(content_dir, "basis", {"03-gevaar.md": (
        "---\nslug: gevaar\ntitle: Gevaar\norder: 3\nminutes: 5\n---\n"
        "Hallo <script>alert('x')</script>\n\n[klik](javascript:alert(1)) en <img src=x onerror=alert(1)>\n\n"
        "<a href=\"javascript:alert(2)\">link</a>\n")})
    from portal.learning.content import reload_library

    reload_library()
    w = world()
    login_as(w["candidate1"])
    response = client.get("/leren/basis/gevaar")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    body = page.split('class="prose lesson-body"', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body
    assert "href=\"javascript" not in body.lower()
    assert "<img" not in body
    assert "<a href" not in body  # raw HTML links stay text; the Markdown one was refused


def test_assignment_errors_point_inside_the_assignment(content_dir):
    write_module(content_dir, "verder", {"02-slug.md": (
        "---\nslug: goed\ntitle: Les\norder: 2\nminutes: 5\nassignment:\n  slug: Fout Slug\n  title: X\n"
        "  due_week: 1\n  submit: text\n  instructions: Doe iets.\n---\nLes\n")})
    (error,) = load_library(content_dir).errors
    assert (error.path, error.line) == ("modules/verder/02-slug.md", 7)
