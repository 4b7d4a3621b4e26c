"""`trygg translate`: extract and compile the interface catalogs."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


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
        "extract",
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "N_",
        "--no-location",
        "--sort-output",
        "-o",
        str(root / "messages.pot"),
        *sources,
    )
    # babel.cfg paths are relative to the app package.
    _pybabel("update", "-i", str(root / "messages.pot"), "-d", str(root), "--no-fuzzy-matching")


@translate_group.command("compile")
@with_appcontext
def translate_compile() -> None:
    """Compile every catalog into .mo files (done by the build, not committed)."""
    _pybabel("compile", "-d", str(_translations_dir()))
