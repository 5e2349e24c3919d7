"""`flask import-vacancies FILE --source NAME`: scheduled imports of a JobPosting or XML feed."""

from __future__ import annotations

from pathlib import Path

import click

from portal.extensions import db
from portal.jobs import bp
from portal.jobs.importing import import_records
from portal.jobs.jobposting import MAX_BYTES, FeedError, parse_file


@bp.cli.command("import-vacancies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default="", help="Name of the feed (duplicates are matched per source).")
def import_vacancies_command(file: Path, source: str) -> None:
    """Import vacancies from a JSON-LD (JobPosting) or XML feed file; updates duplicates."""
    if file.stat().st_size > MAX_BYTES:
        raise click.ClickException("File too large (max 5 MB).")
    try:
        feed_source, records = parse_file(file.read_bytes(), file.name)
    except FeedError as exc:
        raise click.ClickException(str(exc)) from None
    name = source or feed_source or file.stem
    with click.progressbar(length=len(records), label=f"Importing {file.name}") as bar:
        report = import_records(records, name, progress=lambda: bar.update(1))
    db.session.commit()
    click.echo(f"{report.created} created, {report.updated} updated, {len(report.errors)} skipped.")
    for position, reason in report.errors:
        click.echo(f"  record {position}: {reason}", err=True)
