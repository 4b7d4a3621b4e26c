"""Helpers shared by the `trygg` command groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def dialect_option(readers: str) -> Callable[[F], F]:
    """The `--dialect` option of the CSV-writing commands: `en` for programs, `sv` for Swedish Excel.

    Args:
        readers: what the Swedish headings are for, appended to the shared help text.
    """
    return click.option(
        "--dialect",
        type=click.Choice(["en", "sv"]),
        default="en",
        show_default=True,
        help="CSV for programs (en: ',' and decimal points, machine names) or for Swedish Excel "
        f"(sv: ';', decimal commas, Swedish headings with the machine name in brackets{readers}).",
    )


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
