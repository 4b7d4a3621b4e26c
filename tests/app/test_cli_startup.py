"""`trygg --help` and a group's `--help` start light: no app, no models, no document libraries.

Which modules load is checked, not how long it takes (bench/README.md has the timings).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from app.cli import COMMANDS, MIGRATE_COMMAND, MIGRATE_HELP

REPO = Path(__file__).resolve().parents[2]

# Loaded by the app factory, the models or a command's work, never to show help.
HEAVY = (
    "app.extensions",
    "app.admin",
    "app.public",
    "sqlalchemy",
    "flask_sqlalchemy",
    "flask_migrate",
    "alembic",
    "openpyxl",
    "pyxform",
    "docx",
    "pikepdf",
    "phonenumbers",
    "numpy",
    "sklearn",
    "pandas",
    "matplotlib",
    "weasyprint",
)

# Runs `trygg ARGS…` in this process and prints which of the modules asked about loaded.
SCRIPT = """
import json, sys
asked = json.loads(sys.argv.pop(1))
sys.argv[0] = "trygg"
from app.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "loaded": [m for m in asked if m in sys.modules]}))
"""


def _trygg(tmp_path: Path, *args: str, logs: bool = False) -> tuple[str, dict[str, object]]:
    """stdout of `trygg ARGS…` and what the script reports; stderr must be empty unless `logs`."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(HEAVY), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    *output, report = result.stdout.rstrip("\n").split("\n")
    assert logs or result.stderr == "", result.stderr
    return "\n".join(output), json.loads(report)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("--help",), "users      Manage staff accounts."),
        (("users", "--help"), "Usage: trygg users [OPTIONS] COMMAND [ARGS]..."),
        (("users", "create", "--help"), "--role [admin|analyst|police|steering_group|viewer|reporter]"),
        (("survey", "--help"), "Usage: trygg survey [OPTIONS] COMMAND [ARGS]..."),
        (("pledge", "draft", "--help"), "Usage: trygg pledge draft [OPTIONS] SLUG"),
    ],
)
def test_help_loads_no_app_models_or_document_libraries(tmp_path: Path, args: tuple[str, ...], shown: str):
    output, report = _trygg(tmp_path, *args)

    assert report["code"] == 0
    assert shown in output
    assert report["loaded"] == []
    assert not (tmp_path / "cli.db").exists()


def test_the_command_list_shows_every_command_and_migrations(tmp_path: Path):
    output, _report = _trygg(tmp_path, "--help")

    listed = {line.split()[0] for line in output.split("Commands:\n", 1)[1].splitlines()}
    assert {*COMMANDS, "db", "run", "routes", "shell"} <= listed
    assert re.search(rf"^  {MIGRATE_COMMAND} +{re.escape(MIGRATE_HELP)}$", output, re.MULTILINE)


def test_db_subcommand_help_is_the_subcommands_and_builds_no_app(tmp_path: Path):
    output, report = _trygg(tmp_path, "db", "upgrade", "--help")

    assert report["code"] == 0
    assert output.startswith("Usage: trygg db upgrade [OPTIONS] [REVISION]")
    assert "Upgrade to a later version" in output
    # Flask-Migrate itself (and with it Alembic and SQLAlchemy) has to load; the app does not.
    assert not {"app.extensions", "app.admin", "app.public", "openpyxl", "numpy"} & set(report["loaded"])
    assert not (tmp_path / "cli.db").exists()


def test_the_static_command_table_is_what_the_app_registers(app: Flask):
    from flask_migrate.cli import db

    assert set(app.cli.commands) == {*COMMANDS, MIGRATE_COMMAND}
    assert MIGRATE_HELP == db.get_short_help_str(limit=200)


def test_commands_found_by_name_still_run_in_the_app(tmp_path: Path):
    _output, report = _trygg(tmp_path, "db", "upgrade", logs=True)  # Alembic logs on stderr
    assert report["code"] == 0
    created, report = _trygg(tmp_path, "orgs", "create", "lulea", "Luleå kommun")
    assert report["code"] == 0
    assert created == "Created lulea: Luleå kommun."
    listed, report = _trygg(tmp_path, "survey", "list")
    assert report["code"] == 0
    assert listed == ""
