"""The `trygg` command: Flask's CLI (run, routes, db, shell) plus Trygg Dialog's commands.

`trygg --help`, `trygg users --help` and `trygg db upgrade --help` build no app: the
commands are found by name (COMMANDS) and their modules import the database, models and
document libraries inside the command functions. A command that runs asks for the app
itself (`with_appcontext`), so it runs in an app context as under Flask's FlaskGroup.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click
from flask.cli import FlaskGroup

if TYPE_CHECKING:
    from flask import Flask

# Trygg Dialog's commands, name → "module:attribute". register_commands adds the same
# commands to `app.cli`, for `flask --app app` and the tests' CLI runner.
COMMANDS = {
    "demo": "app.cli.demo:demo_command",
    "translate": "app.cli.translations:translate_group",
    "cluster": "app.cli.analysis:cluster_command",
    "analyse": "app.cli.analysis:analyse_command",
    "worker": "app.cli.analysis:worker_command",
    "themes": "app.cli.analysis:themes_command",
    "users": "app.cli.accounts:users_group",
    "orgs": "app.cli.accounts:orgs_group",
    "survey": "app.cli.surveys:survey_group",
    "responses": "app.cli.surveys:responses_group",
    "pledge": "app.cli.pledges:pledge_group",
    "retention": "app.cli.retention:retention_group",
    "reminders": "app.cli.reminders:reminders_group",
}

# Flask-Migrate's `db` (Migrate.init_app adds it to `app.cli`). Importing it loads
# Flask-Migrate, Alembic and SQLAlchemy, so the command list shows its help from here
# (tests/app/test_cli_startup.py checks that it is Flask-Migrate's own line).
MIGRATE_COMMAND = "db"
MIGRATE_HELP = "Perform database migrations."

_LISTING = "trygg.listing_commands"


def _create_app() -> Flask:
    from app import create_app

    return create_app()


def _load(target: str) -> click.Command:
    module, _, name = target.partition(":")
    command = getattr(importlib.import_module(module), name)
    assert isinstance(command, click.Command), target
    return command


class _HelpBeforeAppGroup(click.Group):
    """A group whose callback builds the app, which answers a subcommand's `--help` first.

    click runs a group's callback before it parses the subcommand's arguments, and
    Flask-Migrate's `db` callback builds the app (`with_appcontext`): `db upgrade --help`
    would pay for the whole app. Parsing the subcommand's arguments once beforehand prints
    its help and exits; otherwise that parse is thrown away and click goes on as usual.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # What is left after the group's own options: the subcommand's arguments.
        rest = super().parse_args(ctx, args)
        if not ctx.resilient_parsing and set(ctx.help_option_names).intersection(rest):
            # The subcommand's name and its arguments end the group's arguments.
            name, command, sub_args = self.resolve_command(ctx, args[len(args) - len(rest) - 1 :])
            if name is not None and command is not None:
                # With --help among its options this prints the help and exits; a
                # "--help" that is an option's value leaves it to click's usual course.
                command.make_context(name, list(sub_args), parent=ctx)
        return rest


def _migrate_group() -> click.Group:
    from flask_migrate.cli import db

    return _HelpBeforeAppGroup(
        name=db.name,
        commands=db.commands,
        callback=db.callback,
        params=db.params,
        help=db.help,
        short_help=db.short_help,
        epilog=db.epilog,
        context_settings=db.context_settings,
    )


class TryggGroup(FlaskGroup):
    """Flask's command group, which lists and finds Trygg Dialog's commands without the app.

    FlaskGroup builds the whole app (every blueprint, model and extension) to list
    `app.cli`'s commands or to find one of them. Names it does not know (a command some
    extension adds to `app.cli`) still fall back to loading the app.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted({*self.commands, *COMMANDS, MIGRATE_COMMAND})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            return _load(COMMANDS[name])
        if name == MIGRATE_COMMAND:
            if ctx.meta.get(_LISTING):
                return click.Command(name, help=MIGRATE_HELP)
            return _migrate_group()
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta[_LISTING] = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]


@click.group(cls=TryggGroup, create_app=_create_app)
def cli() -> None:
    """Trygg Dialog: citizen dialogues, analysis and citizen pledges."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="trygg")


def register_commands(app: Flask) -> None:
    """Attach Trygg Dialog's commands to the app's CLI."""
    for name, target in COMMANDS.items():
        app.cli.add_command(_load(target), name=name)


if __name__ == "__main__":  # pragma: no cover
    main()
