"""The `trygg` command: Flask's CLI (run, routes, db, shell) plus Trygg Dialog's commands."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from surveys import queries
from surveys.errors import SurveyNotFound

from .extensions import db


def _create_app() -> Flask:
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Trygg Dialog: citizen dialogues, analysis and citizen pledges."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="trygg")


def register_commands(app: Flask) -> None:
    """Attach Trygg Dialog's commands to the app's CLI."""
    from .cli_accounts import orgs_group, users_group
    from .cli_analysis import analyse_command, cluster_command, themes_command, worker_command
    from .cli_plans import pledge_group
    from .cli_reminders import reminders_group
    from .cli_retention import retention_group
    from .cli_surveys import responses_group, survey_group

    commands = (
        demo_command,
        translate_group,
        cluster_command,
        analyse_command,
        worker_command,
        themes_command,
        users_group,
        orgs_group,
        survey_group,
        responses_group,
        pledge_group,
        retention_group,
        reminders_group,
    )
    for command in commands:
        app.cli.add_command(command)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@click.option("--seed", default=2026, show_default=True, help="Random seed of the generated answers.")
@with_appcontext
def demo_command(if_empty: bool, seed: int) -> None:
    """Create the demo municipality, surveys and a few hundred answers."""
    from surveys.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, create_demo

    if not queries.is_empty(db.session):
        if if_empty:
            click.echo("The database already has data; demo data not added.")
            return
        raise click.ClickException("the database already has data; use an empty database for the demo")
    from surveys.services.analysis_runs import execute_run, start_run

    started = time.perf_counter()
    organisation = create_demo(db.session, seed=seed)
    # Analyse the demo answers at once so the problem-area pages have something to show.
    for survey in organisation.surveys:
        execute_run(db.session, start_run(db.session, survey, seed=seed).id)
    from .demo_chain import run_demo_chain

    run_demo_chain(db.session, organisation, "trygghet-norrforsa", current_app.config["PRIVACY_MIN_GROUP"])
    click.echo(f"Demo data created, analysed and carried through to published pledges in "
               f"{time.perf_counter() - started:.1f} s.")
    click.echo(f"Staff sign-in: {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD} (demo only)")


@click.group("translate")
def translate_group() -> None:
    """Extract, update and compile the interface translations."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def _translations_dir() -> Path:
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])


@translate_group.command("update")
@with_appcontext
def translate_update() -> None:
    """Extract messages into messages.pot and merge them into every catalog."""
    root = _translations_dir()
    sources = [str(root.parent / package) for package in ("app", "surveys", "analysis")]
    _pybabel(
        "extract", "-F", str(root / "babel.cfg"), "-k", "_l", "-k", "N_", "--no-location", "--sort-output",
        "-o", str(root / "messages.pot"), *sources,
    )
    # babel.cfg paths are relative to the app package.
    _pybabel("update", "-i", str(root / "messages.pot"), "-d", str(root), "--no-fuzzy-matching")


@translate_group.command("compile")
@with_appcontext
def translate_compile() -> None:
    """Compile every catalog into .mo files (done by the build, not committed)."""
    _pybabel("compile", "-d", str(_translations_dir()))


def echo_error(message: str) -> None:
    """Print an error on stderr in the CLI's style."""
    click.echo(f"Error: {message}", err=True)


def survey_or_exit(slug: str):  # type: ignore[no-untyped-def]
    """The survey with `slug`, or a clean CLI error."""
    try:
        return queries.survey_by_slug(db.session, slug)
    except SurveyNotFound:
        raise click.ClickException(f"no survey with slug {slug!r} (see `trygg survey list`)") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
