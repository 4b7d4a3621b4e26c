"""`trygg survey`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from surveys import queries

from .extensions import db


@click.group("survey")
def survey_group() -> None:
    """Work with surveys."""


@survey_group.command("list")
@with_appcontext
def survey_list() -> None:
    """One line per survey: slug, status, kind, title."""
    for survey in queries.all_surveys(db.session):
        click.echo(f"{survey.slug}\t{survey.status}\t{survey.kind}\t{survey.title_in('sv')}")
