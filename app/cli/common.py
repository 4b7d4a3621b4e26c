"""Helpers shared by the `trygg` command groups."""

from __future__ import annotations

import click


def echo_error(message: str) -> None:
    """Print an error on stderr in the CLI's style."""
    click.echo(f"Error: {message}", err=True)


def survey_or_exit(slug: str):  # type: ignore[no-untyped-def]
    """The survey with `slug`, or a clean CLI error."""
    from app.extensions import db
    from surveys.authoring import queries
    from surveys.errors import SurveyNotFound

    try:
        return queries.survey_by_slug(db.session, slug)
    except SurveyNotFound:
        raise click.ClickException(f"no survey with slug {slug!r} (see `trygg survey list`)") from None
