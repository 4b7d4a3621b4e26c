"""`trygg retention run`: delete raw free text whose retention period has passed."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext


@click.group("retention")
def retention_group() -> None:
    """Retention of raw free text."""


@retention_group.command("run")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this date (YYYY-MM-DD); default today.",
)
@with_appcontext
def retention_run(today: dt.datetime | None) -> None:
    """Delete raw free text of surveys past their closing date plus retention period (run daily)."""
    from app.extensions import db
    from surveys import localtime
    from surveys.answering.retention import purge_raw_text

    purged = purge_raw_text(db.session, today.date() if today else localtime.today())
    for item in purged:
        click.echo(f"{item.survey_slug}: raw text of {item.answers} answers deleted (redacted copy kept).")
    if not purged:
        click.echo("Nothing to delete.")
