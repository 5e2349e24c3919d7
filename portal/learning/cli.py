"""CLI commands of the learning feature: validate and reload the content files."""

from __future__ import annotations

import click
from flask import current_app

from portal.learning import bp
from portal.learning.content import load_library, reload_library


@bp.cli.command("content-check")
def content_check_command() -> None:
    """Validate every learning content file; exit 1 when any file has an error."""
    library = load_library(current_app.config["CONTENT_DIR"])
    lessons = sum(len(m.lessons) for m in library.modules)
    click.echo(f"{len(library.modules)} modules, {lessons} lessen, {len(library.assignments)} opdrachten geladen.")
    for error in library.errors:
        click.echo(f"FOUT {error}", err=True)
    if library.errors:
        raise SystemExit(1)
    click.echo("Geen fouten gevonden.")


@bp.cli.command("content-reload")
def content_reload_command() -> None:
    """Reload the learning content in running app processes (after editing content/)."""
    library = reload_library()
    for error in library.errors:
        click.echo(f"FOUT {error}", err=True)
    click.echo(f"Inhoud opnieuw geladen: {len(library.modules)} modules.")
    if library.errors:
        raise SystemExit(1)
