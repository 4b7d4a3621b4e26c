"""The `trygg` command: Flask's CLI (run, routes, db, shell) plus Trygg Dialog's commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def _create_app() -> Flask:
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Trygg Dialog: citizen dialogues, analysis and citizen pledges."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="trygg")


def register_commands(app: Flask) -> None:
    """Attach Trygg Dialog's commands to the app's CLI."""
    from app.cli.accounts import orgs_group, users_group
    from app.cli.analysis import analyse_command, cluster_command, themes_command, worker_command
    from app.cli.demo import demo_command
    from app.cli.pledges import pledge_group
    from app.cli.reminders import reminders_group
    from app.cli.retention import retention_group
    from app.cli.surveys import responses_group, survey_group
    from app.cli.translations import translate_group

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


if __name__ == "__main__":  # pragma: no cover
    main()
